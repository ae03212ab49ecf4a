"""Satisfaction to loyalty engine."""
