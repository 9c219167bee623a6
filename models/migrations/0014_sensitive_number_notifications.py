"""SENSITIVE_NUMBER_MASKED: advisers are told, privately, that a customer wrote a sensitive
number (masked before it was stored); the notification keeps the kinds masked, never a
number."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0013_member_erasure'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_kind_valid',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_refers_to_its_event',
        ),
        migrations.AddField(
            model_name='notification',
            name='masked_kinds',
            field=models.CharField(blank=True, default='', max_length=100),
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('OFFICIAL_ANSWER', 'Réponse officielle à votre question'), ('QUESTION_RESOLVED', 'Votre question est résolue'), ('SUGGESTION_STATUS_CHANGED', 'Une idée suivie a changé de statut'), ('DECISION_PUBLISHED', 'Le comité a décidé'), ('SUGGESTION_MARKED_DUPLICATE', 'Votre idée est un doublon'), ('CONTENT_HIDDEN', 'Un de vos contenus a été masqué'), ('THREAD_REPLY', 'Nouvelle réponse dans un fil suivi'), ('SUGGESTION_COMMENT', 'Nouveau commentaire sur une idée suivie'), ('SENSITIVE_NUMBER_MASKED', "Numéro sensible masqué dans le message d'un client")], max_length=32),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['OFFICIAL_ANSWER', 'QUESTION_RESOLVED', 'SUGGESTION_STATUS_CHANGED', 'DECISION_PUBLISHED', 'SUGGESTION_MARKED_DUPLICATE', 'CONTENT_HIDDEN', 'THREAD_REPLY', 'SUGGESTION_COMMENT', 'SENSITIVE_NUMBER_MASKED'])), name='notification_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'OFFICIAL_ANSWER'), ('post__isnull', False), ('thread__isnull', False)), models.Q(('kind', 'QUESTION_RESOLVED'), ('thread__isnull', False)), models.Q(('kind', 'SUGGESTION_STATUS_CHANGED'), ('suggestion__isnull', False), models.Q(('from_status', ''), _negated=True), models.Q(('to_status', ''), _negated=True)), models.Q(('kind', 'DECISION_PUBLISHED'), ('suggestion__isnull', False), models.Q(('outcome', ''), _negated=True)), models.Q(('duplicate__isnull', False), ('kind', 'SUGGESTION_MARKED_DUPLICATE'), ('suggestion__isnull', False)), models.Q(('kind', 'CONTENT_HIDDEN'), models.Q(models.Q(('post__isnull', True), ('suggestion__isnull', False), ('thread__isnull', True)), models.Q(('suggestion__isnull', True), ('thread__isnull', False)), _connector='OR'), models.Q(('reason', ''), _negated=True)), models.Q(('kind', 'THREAD_REPLY'), ('post__isnull', False), ('thread__isnull', False)), models.Q(('kind', 'SUGGESTION_COMMENT'), ('post__isnull', False), ('suggestion__isnull', False), ('thread__isnull', False)), models.Q(('kind', 'SENSITIVE_NUMBER_MASKED'), models.Q(('thread__isnull', False), ('suggestion__isnull', False), _connector='OR'), models.Q(('masked_kinds', ''), _negated=True)), _connector='OR'), name='notification_refers_to_its_event'),
        ),
    ]
