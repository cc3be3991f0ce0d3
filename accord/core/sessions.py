"""Sessions in the database, renewed at most once a minute instead of on every request.

Django's idle timeout (SESSION_COOKIE_AGE) moves a session's expiry forward each time the session
is saved; SESSION_SAVE_EVERY_REQUEST saves it on every request, a write transaction (and a
commit waiting for the disk) per page view. This store remembers the expiry it read, so that
`accord.core.middleware.SessionLifetimeMiddleware` saves the session only when that expiry is
more than RENEW_AFTER seconds old: the idle timeout keeps its meaning, to within a minute.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

# A session idle for SESSION_COOKIE_AGE ends; one in use is renewed once this long has passed.
RENEW_AFTER = 60


class SessionStore(DatabaseSessionStore):
    loaded_expiry = None

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        self.loaded_expiry = session.expire_date if session is not None else None
        return session
