"""A stand-in OpenID Connect provider on 127.0.0.1 for tests: no network, no real organisation.

It speaks just enough of the authorization-code flow for Streamlit's st.login (Authlib):
/.well-known/openid-configuration, /authorize (no login screen: it sends the browser straight back
to redirect_uri with a code and the state it was given, signed in as `provider.email`), /token
(an RS256 id_token signed with a key made at start, carrying iss, aud, sub, email, email_verified,
the authorize request's nonce, iat and exp; PKCE S256 is checked) and /jwks.

    with StandIn(email="somchai@example.go.th") as provider:
        provider.url  # the issuer; server_metadata_url = provider.metadata_url
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "kpi-dashboard-test"
CLIENT_SECRET = "stand-in-client-secret"  # noqa: S105 (a test's own throwaway value)


@dataclass
class _Grant:
    email: str
    nonce: str | None
    redirect_uri: str
    challenge: str | None


@dataclass
class StandIn:
    """The provider. `email` (and `email_verified`) say who the next /authorize signs in."""

    email: str = "somchai@example.go.th"
    email_verified: bool = True
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    requests: list[str] = field(default_factory=list)  # "METHOD /path" in order, for assertions
    tokens_issued: int = 0
    _grants: dict[str, _Grant] = field(default_factory=dict)
    _key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "standin-1"}))
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None, "the stand-in is not running"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def start(self) -> StandIn:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def secrets_toml(self, roles: dict[str, list[str]], cookie_secret: str | None = None) -> str:
        """A secrets.toml for the app: [auth] pointing here ({port} is the app's own) and [kpi_roles]."""
        lines = [
            "[auth]",
            'redirect_uri = "http://localhost:{port}/oauth2callback"',
            f'cookie_secret = "{cookie_secret or secrets.token_urlsafe(32)}"',
            f'client_id = "{self.client_id}"',
            f'client_secret = "{self.client_secret}"',
            f'server_metadata_url = "{self.metadata_url}"',
            "",
            "[kpi_roles]",
        ]
        lines += [f"{role} = {json.dumps(entries)}" for role, entries in roles.items()]
        return "\n".join(lines) + "\n"

    # --- the endpoints ---------------------------------------------------------------------------

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["iss", "aud", "sub", "email", "email_verified", "nonce", "iat", "exp"],
        }

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri.startswith(("http://localhost", "http://127.")):
            return 400, {}, b"unknown client or redirect_uri"
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return 400, {}, b"only the code flow with the openid scope"
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._grants[code] = _Grant(self.email, query.get("nonce"), redirect_uri, query.get("code_challenge"))
        back = {"code": code}
        if "state" in query:
            back["state"] = query["state"]
        separator = "&" if "?" in redirect_uri else "?"
        return 302, {"Location": redirect_uri + separator + urllib.parse.urlencode(back)}, b""

    def token(self, form: dict[str, str], authorization: str | None) -> tuple[int, dict[str, Any]]:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, client_secret = (urllib.parse.unquote(part) for part in decoded.partition(":"))
        if client_id != self.client_id or client_secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        with self._lock:
            grant = self._grants.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
        if grant.challenge is not None:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.challenge:
                return 400, {"error": "invalid_grant", "error_description": "PKCE check failed"}
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.url,
            "aud": self.client_id,
            "sub": hashlib.sha256(grant.email.encode()).hexdigest()[:20],
            "email": grant.email,
            "email_verified": self.email_verified,
            "iat": now,
            "exp": now + 600,
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        id_token = jwt.encode({"alg": "RS256", "kid": self._key.kid}, claims, self._key)
        self.tokens_issued += 1
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 600,
            "scope": "openid email profile",
            "id_token": id_token,
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self._key.as_dict(private=False)]}


def _handler(provider: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:  # quiet test output
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict[str, Any]) -> None:
            self._send(status, json.dumps(data).encode(), {"Content-Type": "application/json"})

        def do_GET(self) -> None:
            path, _, raw = self.path.partition("?")
            provider.requests.append(f"GET {path}")
            if path == "/.well-known/openid-configuration":
                self._json(200, provider.metadata())
            elif path == "/jwks":
                self._json(200, provider.jwks())
            elif path == "/authorize":
                status, headers, body = provider.authorize(dict(urllib.parse.parse_qsl(raw)))
                self._send(status, body, headers)
            else:
                self._send(404, b"not found")

        def do_POST(self) -> None:
            path = self.path.partition("?")[0]
            provider.requests.append(f"POST {path}")
            length = min(int(self.headers.get("Content-Length") or 0), 65_536)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if path == "/token":
                status, data = provider.token(form, self.headers.get("Authorization"))
                self._json(status, data)
            else:
                self._send(404, b"not found")

    return Handler
