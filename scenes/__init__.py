"""ManimCE scenes for the two explainer chapters, driven only by the netcore bundle."""
