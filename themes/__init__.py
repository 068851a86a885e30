"""PrepDesk's themes (TOML data files). A package only so that the wheel ships the folder
as prepdesk.themes and an editable install maps that name here (pyproject.toml)."""
