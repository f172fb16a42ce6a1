"""At-risk organizations get random addresses (their acronym was guessed in seconds).

The old address then answers 404 like any unknown one; the new one is shown only to the
secretariat and the organization's own coordinators.
"""

import secrets

from django.db import migrations, models


def reslug(apps, schema_editor):  # type: ignore[no-untyped-def]
    Organization = apps.get_model("members", "Organization")
    for organization in Organization.objects.filter(at_risk=True).exclude(slug__regex=r"^o-[0-9a-f]{20}$"):
        organization.slug = f"o-{secrets.token_hex(10)}"
        organization.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("members", "0002_chapter_former_names")]

    operations = [
        migrations.AlterField(
            model_name="organization",
            name="at_risk",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Never name the organization to anyone but the secretariat and its own "
                    "coordinators: not in the directory, on any page, feed, file or API answer. "
                    "Its address becomes random."
                ),
                verbose_name="at risk",
            ),
        ),
        migrations.RunPython(reslug, migrations.RunPython.noop),
    ]
