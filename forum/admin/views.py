"""The admins' workspace: workstreams, people, site settings and the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/manage")
