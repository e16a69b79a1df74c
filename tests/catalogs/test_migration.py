"""The catalogs leave ``requests_app`` for their own app without losing a row, a history entry,
a profile's municipality or a group's permission.

The database is taken back to the schema before the move (``requests_app`` 0010, ``accounts``
0007, no ``catalogs``), filled the way it was then, and migrated forward. The move touches no
table, so it runs on SQLite as well as on PostgreSQL (where production runs it).
"""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import Profile
from catalogs.models import Department, Municipality
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("requests_app", "0010_queue_indexes"), ("accounts", "0007_person_labels"), ("catalogs", None)]
MOVED_MODELS = ("department", "municipality", "institution", "budgetline", "ethnicgroup", "linguisticcommunity")


def migrate(targets):
    """Run the migrations to ``targets`` and return the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


def migrate_to_latest():
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def before_the_move():
    """The registry of the models as they were, with the database migrated back to them; the test
    database is migrated to the latest state again afterwards, whatever happens."""
    old = migrate(BEFORE_THE_MOVE)
    yield old
    migrate_to_latest()


def old_catalog_rows(old):
    department = old.get_model("requests_app", "Department").objects.create(code="99", name="Departamento viejo")
    municipality = old.get_model("requests_app", "Municipality").objects.create(
        code="9901", name="Municipio viejo", department_id=department.pk
    )
    old.get_model("requests_app", "HistoricalDepartment").objects.create(
        id=department.pk,
        code=department.code,
        name=department.name,
        is_active=True,
        history_date=timezone.now(),
        history_type="+",
    )
    return department, municipality


def old_group_with(old, codename, name):
    """A group granted ``requests_app.<codename>``, as roles granted catalog permissions before."""
    permission = old.get_model("auth", "Permission").objects.get(
        content_type__app_label="requests_app", codename=codename
    )
    group = old.get_model("auth", "Group").objects.create(name=name)
    group.permissions.add(permission)
    return group


def test_rows_history_profiles_content_types_and_grants_survive_the_move(before_the_move):
    old = before_the_move
    department, municipality = old_catalog_rows(old)
    user = UserFactory()
    old.get_model("accounts", "Profile").objects.create(user_id=user.pk, municipality_id=municipality.pk)
    group = old_group_with(old, "change_department", "Catálogos (antes del traslado)")
    user.groups.add(group.pk)
    old_type = old.get_model("contenttypes", "ContentType").objects.get(app_label="requests_app", model="department")
    log = LogEntry.objects.create(
        user_id=user.pk,
        content_type_id=old_type.pk,
        object_id=str(department.pk),
        object_repr=department.name,
        action_flag=CHANGE,
    )

    migrate_to_latest()

    moved = Department.objects.get(code="99")
    assert moved.pk == department.pk and moved.name == "Departamento viejo"
    assert Municipality.objects.get(code="9901").department == moved
    assert list(moved.history.values_list("history_type", flat=True)) == ["+"]
    assert Profile.objects.get(user=user).municipality.code == "9901"
    for model in MOVED_MODELS:
        for name in (model, f"historical{model}"):
            assert list(ContentType.objects.filter(model=name).values_list("app_label", flat=True)) == ["catalogs"]
    assert ContentType.objects.get_for_model(Department).pk == old_type.pk
    assert LogEntry.objects.get(pk=log.pk).get_edited_object() == moved
    assert get_user_model().objects.get(pk=user.pk).has_perm("catalogs.change_department")
    assert not Permission.objects.filter(content_type__app_label="requests_app", codename__endswith="department")


def test_a_catalogs_content_type_made_before_the_move_gives_way_to_the_old_one(before_the_move):
    """A ``migrate`` that created the ``catalogs`` content types (and permissions) before the move ran:
    the grants on either side are kept, and one content type per model is left."""
    old = before_the_move
    old_group = old_group_with(old, "view_municipality", "Con el permiso de antes")
    early_type = old.get_model("contenttypes", "ContentType").objects.create(app_label="catalogs", model="municipality")
    early_permission = old.get_model("auth", "Permission").objects.create(
        content_type=early_type, codename="view_municipality", name="Can view municipio"
    )
    old.get_model("auth", "Permission").objects.create(
        content_type=early_type, codename="export_municipality", name="Puede exportar municipios"
    )
    early_group = old.get_model("auth", "Group").objects.create(name="Con el permiso nuevo")
    early_group.permissions.add(early_permission)
    both = UserFactory()
    both.groups.add(old_group.pk, early_group.pk)

    migrate_to_latest()

    assert ContentType.objects.filter(model="municipality").count() == 1
    permissions = Permission.objects.filter(content_type=ContentType.objects.get_for_model(Municipality))
    assert permissions.filter(codename="view_municipality").count() == 1
    assert permissions.filter(codename="export_municipality").exists()
    for name in ("Con el permiso de antes", "Con el permiso nuevo"):
        assert Group.objects.get(name=name).permissions.filter(codename="view_municipality").exists()
    assert get_user_model().objects.get(pk=both.pk).has_perm("catalogs.view_municipality")
