"""HTTP test double of the network system, bound to 127.0.0.1 on a free port."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from odoo.tests import HOST

WSDL_PATH = Path(__file__).parent / 'data' / 'network_orders.wsdl'

SOAP_RESPONSE = """<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <tns:OrderResponse xmlns:tns="urn:telco:network">
      <tns:accepted>{accepted}</tns:accepted>
      <tns:reference>NET-{count}</tns:reference>
    </tns:OrderResponse>
  </soap:Body>
</soap:Envelope>"""


class NetworkServer:
    """Records every POST and responds with the next status of ``statuses`` (then 200).

    GET /network.wsdl serves the test WSDL with its address set to POST /soap on this server.
    """

    def __init__(self, statuses=(), soap_accepted=True):
        self.statuses = list(statuses)
        self.soap_accepted = soap_accepted
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def do_GET(self):
                body = WSDL_PATH.read_text().replace('LOCATION', f'{server.url}/soap').encode()
                self._reply(200, body, 'text/xml')

            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                server.requests.append({
                    'path': self.path,
                    'headers': dict(self.headers),
                    'body': self.rfile.read(length).decode(),
                })
                status = server.statuses.pop(0) if server.statuses else 200
                if status != 200:
                    self._reply(status, b'network unavailable', 'text/plain')
                elif self.path == '/soap':
                    body = SOAP_RESPONSE.format(
                        accepted='true' if server.soap_accepted else 'false',
                        count=len(server.requests))
                    self._reply(200, body.encode(), 'text/xml; charset=utf-8')
                else:
                    self._reply(200, b'{"accepted": true}', 'application/json')

            def _reply(self, status, body, content_type):
                self.send_response(status)
                self.send_header('Content-Type', content_type)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f'http://{HOST}:{self.httpd.server_address[1]}'
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
