"""The facilitators' workspace: their dashboard and propositions."""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")
