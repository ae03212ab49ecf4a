"""Customer value engine: RFM, concentration and tiers, repeat-purchase models, spend, retention, CLV."""
from .rfm import rfm_summary

__all__ = ["rfm_summary"]
