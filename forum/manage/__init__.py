"""The facilitators' and admins' workspace (its pages come with their own issue)."""
