"""A TCP proxy on loopback that a test can cut and restore, to play a network or server outage."""

import contextlib
import socket
import threading


class TcpProxy:
    """Forwards 127.0.0.1:<port> to ``target``; ``cut()`` drops every connection and refuses new ones."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.is_cut = False
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.running = True
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self) -> None:
        while self.running:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if self.is_cut:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update((client, upstream))
            threading.Thread(target=self.pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self.pipe, args=(upstream, client), daemon=True).start()

    def pipe(self, source: socket.socket, destination: socket.socket) -> None:
        try:
            with contextlib.suppress(OSError):  # a cut or a closed peer ends the pipe
                while data := source.recv(65536):
                    destination.sendall(data)
        finally:
            for sock in (source, destination):
                self.close(sock)

    def close(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def cut(self) -> None:
        self.is_cut = True
        with self.lock:
            open_sockets = list(self.sockets)
        for sock in open_sockets:
            self.close(sock)

    def restore(self) -> None:
        self.is_cut = False

    def stop(self) -> None:
        self.running = False
        self.cut()
        self.listener.close()
