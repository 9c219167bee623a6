"""Members follow café threads: `Follow.thread` beside `Follow.suggestion`, exactly one of
them set (a check), each followed once (partial unique constraints: `follow_once` now names
suggestion follows only). Two notification kinds, THREAD_REPLY and SUGGESTION_COMMENT, each
referring to its reply (and its thread; a comment to its suggestion too)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0009_suggestion_withdrawn_and_edited'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='follow',
            name='follow_once',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_kind_valid',
        ),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_refers_to_its_event',
        ),
        migrations.AddField(
            model_name='follow',
            name='thread',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='community.thread'),
        ),
        migrations.AlterField(
            model_name='follow',
            name='suggestion',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='community.suggestion'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('OFFICIAL_ANSWER', 'Réponse officielle à votre question'), ('QUESTION_RESOLVED', 'Votre question est résolue'), ('SUGGESTION_STATUS_CHANGED', 'Une idée suivie a changé de statut'), ('DECISION_PUBLISHED', 'Le comité a décidé'), ('SUGGESTION_MARKED_DUPLICATE', 'Votre idée est un doublon'), ('CONTENT_HIDDEN', 'Un de vos contenus a été masqué'), ('THREAD_REPLY', 'Nouvelle réponse dans un fil suivi'), ('SUGGESTION_COMMENT', 'Nouveau commentaire sur une idée suivie')], max_length=32),
        ),
        migrations.AddConstraint(
            model_name='follow',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('suggestion__isnull', False), ('thread__isnull', True)), models.Q(('suggestion__isnull', True), ('thread__isnull', False)), _connector='OR'), name='follow_one_subject'),
        ),
        migrations.AddConstraint(
            model_name='follow',
            constraint=models.UniqueConstraint(condition=models.Q(('suggestion__isnull', False)), fields=('member', 'suggestion'), name='follow_once'),
        ),
        migrations.AddConstraint(
            model_name='follow',
            constraint=models.UniqueConstraint(condition=models.Q(('thread__isnull', False)), fields=('member', 'thread'), name='follow_thread_once'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['OFFICIAL_ANSWER', 'QUESTION_RESOLVED', 'SUGGESTION_STATUS_CHANGED', 'DECISION_PUBLISHED', 'SUGGESTION_MARKED_DUPLICATE', 'CONTENT_HIDDEN', 'THREAD_REPLY', 'SUGGESTION_COMMENT'])), name='notification_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'OFFICIAL_ANSWER'), ('post__isnull', False), ('thread__isnull', False)), models.Q(('kind', 'QUESTION_RESOLVED'), ('thread__isnull', False)), models.Q(('kind', 'SUGGESTION_STATUS_CHANGED'), ('suggestion__isnull', False), models.Q(('from_status', ''), _negated=True), models.Q(('to_status', ''), _negated=True)), models.Q(('kind', 'DECISION_PUBLISHED'), ('suggestion__isnull', False), models.Q(('outcome', ''), _negated=True)), models.Q(('duplicate__isnull', False), ('kind', 'SUGGESTION_MARKED_DUPLICATE'), ('suggestion__isnull', False)), models.Q(('kind', 'CONTENT_HIDDEN'), models.Q(models.Q(('post__isnull', True), ('suggestion__isnull', False), ('thread__isnull', True)), models.Q(('suggestion__isnull', True), ('thread__isnull', False)), _connector='OR'), models.Q(('reason', ''), _negated=True)), models.Q(('kind', 'THREAD_REPLY'), ('post__isnull', False), ('thread__isnull', False)), models.Q(('kind', 'SUGGESTION_COMMENT'), ('post__isnull', False), ('suggestion__isnull', False), ('thread__isnull', False)), _connector='OR'), name='notification_refers_to_its_event'),
        ),
    ]
