from django.db import models
from django.utils import timezone

from .surveys import Wave


class WaveHeadline(models.Model):
    """A closed wave's headline results (all respondents' scores by theme, the perception gaps),
    stored when the wave closes so the heatmap and the dashboard read them instead of re-scoring
    every answer; `policy_key` names the anonymity and gap rules they were computed under."""

    wave = models.OneToOneField(
        Wave, on_delete=models.CASCADE, primary_key=True, related_name="headline"
    )
    policy_key = models.CharField(max_length=100)
    available = models.BooleanField()
    n = models.PositiveIntegerField()
    overall = models.FloatField(null=True, blank=True)
    # [[theme key, theme name, score or null], ...] in the instrument's order
    themes = models.JSONField(default=list)
    # [[theme key, theme name, own, partner, gap, gap class], ...]
    gaps = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Headline of wave {self.wave_id}"
