"""Profile forms: they check the shape of what was typed; services check the rules."""

from flask_wtf import FlaskForm

from forum.fields import display_name_field, website_field


class ProfileForm(FlaskForm):
    """The name and website shown with a person's comments."""

    display_name = display_name_field()
    website = website_field("Your name links to it on your comments.")
