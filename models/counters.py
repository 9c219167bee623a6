from django.db import models


class Counter(models.Model):
    """One rate-limit counter (failed logins of an account or address, a partner token's
    requests in a window, a member's writes of a kind) in the store every worker shares when
    there is no Redis (`resolvers/services/counters.py`).

    Written only with single-statement upserts, so concurrent increments lose nothing. A row
    whose `expires_at` has passed counts as absent: the next hit starts it again at 1, and
    expired rows are deleted a batch at a time as new windows open.
    """

    KEY_MAX = 200

    key = models.CharField(max_length=KEY_MAX, primary_key=True)
    count = models.BigIntegerField()
    # Seconds since the epoch (a float, compared as is on both databases).
    expires_at = models.FloatField(db_index=True)

    class Meta:
        app_label = "community"
        verbose_name = "compteur de limite"

    def __str__(self) -> str:
        return f"{self.key} = {self.count}"
