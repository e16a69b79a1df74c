"""Only for email tasks queued before ``core.tasks.send_email`` existed.

django-tasks-db stores a queued task by its path and the worker runs ``import_string(task_path)``,
so a task enqueued as ``accounts.tasks.send_email`` would fail with ``ImportError`` without this
name. New code enqueues ``core.tasks.send_email``; remove this module once no queued row names it.
"""

from core.tasks import send_email

__all__ = ["send_email"]
