"""Churn engine."""
