"""A customer withdraws their own idea while it is SUBMITTED: the status WITHDRAWN (choices
and the database's check of statuses), and `edited_at`, when its author last edited its
title or text (null for every existing suggestion: none was edited by its author)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0008_search_word_prefixes'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='suggestion',
            name='suggestion_status_valid',
        ),
        migrations.AddField(
            model_name='suggestion',
            name='edited_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='notification',
            name='from_status',
            field=models.CharField(blank=True, choices=[('SUBMITTED', 'Proposée'), ('UNDER_REVIEW', "En cours d'étude"), ('SHORTLISTED', 'Présentée au comité'), ('RETAINED', 'Retenue'), ('DEFERRED', 'En attente'), ('REJECTED', 'Non retenue'), ('IN_PROGRESS', 'En cours de réalisation'), ('DELIVERED', 'Réalisée'), ('DUPLICATE', 'Doublon'), ('WITHDRAWN', 'Retirée par son auteur')], default='', max_length=16),
        ),
        migrations.AlterField(
            model_name='notification',
            name='to_status',
            field=models.CharField(blank=True, choices=[('SUBMITTED', 'Proposée'), ('UNDER_REVIEW', "En cours d'étude"), ('SHORTLISTED', 'Présentée au comité'), ('RETAINED', 'Retenue'), ('DEFERRED', 'En attente'), ('REJECTED', 'Non retenue'), ('IN_PROGRESS', 'En cours de réalisation'), ('DELIVERED', 'Réalisée'), ('DUPLICATE', 'Doublon'), ('WITHDRAWN', 'Retirée par son auteur')], default='', max_length=16),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='from_status',
            field=models.CharField(choices=[('SUBMITTED', 'Proposée'), ('UNDER_REVIEW', "En cours d'étude"), ('SHORTLISTED', 'Présentée au comité'), ('RETAINED', 'Retenue'), ('DEFERRED', 'En attente'), ('REJECTED', 'Non retenue'), ('IN_PROGRESS', 'En cours de réalisation'), ('DELIVERED', 'Réalisée'), ('DUPLICATE', 'Doublon'), ('WITHDRAWN', 'Retirée par son auteur')], max_length=16),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='to_status',
            field=models.CharField(choices=[('SUBMITTED', 'Proposée'), ('UNDER_REVIEW', "En cours d'étude"), ('SHORTLISTED', 'Présentée au comité'), ('RETAINED', 'Retenue'), ('DEFERRED', 'En attente'), ('REJECTED', 'Non retenue'), ('IN_PROGRESS', 'En cours de réalisation'), ('DELIVERED', 'Réalisée'), ('DUPLICATE', 'Doublon'), ('WITHDRAWN', 'Retirée par son auteur')], max_length=16),
        ),
        migrations.AlterField(
            model_name='suggestion',
            name='status',
            field=models.CharField(choices=[('SUBMITTED', 'Proposée'), ('UNDER_REVIEW', "En cours d'étude"), ('SHORTLISTED', 'Présentée au comité'), ('RETAINED', 'Retenue'), ('DEFERRED', 'En attente'), ('REJECTED', 'Non retenue'), ('IN_PROGRESS', 'En cours de réalisation'), ('DELIVERED', 'Réalisée'), ('DUPLICATE', 'Doublon'), ('WITHDRAWN', 'Retirée par son auteur')], default='SUBMITTED', max_length=16),
        ),
        migrations.AddConstraint(
            model_name='suggestion',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['SUBMITTED', 'UNDER_REVIEW', 'SHORTLISTED', 'RETAINED', 'DEFERRED', 'REJECTED', 'IN_PROGRESS', 'DELIVERED', 'DUPLICATE', 'WITHDRAWN'])), name='suggestion_status_valid'),
        ),
    ]
