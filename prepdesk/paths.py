"""Where PrepDesk keeps its files. Cheap to import: used before the first paint."""

import os
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "prepdesk"
CONFIG_FILE_VARIABLE = "PREPDESK_CONFIG"


def config_file_path() -> Path:
    """The config file: $PREPDESK_CONFIG, else config.toml in the user config directory."""
    explicit = os.environ.get(CONFIG_FILE_VARIABLE)
    if explicit:
        return Path(explicit)
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    """What PrepDesk can make again, kept to save time ($XDG_CACHE_HOME/prepdesk on Linux)."""
    return platformdirs.user_cache_path(APP_NAME)


def state_dir() -> Path:
    """The user's private state directory ($XDG_STATE_HOME/prepdesk on Linux): what belongs
    to this user on this computer and is no setting and no document."""
    return platformdirs.user_state_path(APP_NAME)


def drafts_dir() -> Path:
    """Where the copies of drafts being typed are kept on this computer
    (prepdesk/draft_journal.py): readable by this user only."""
    return state_dir() / "drafts"


def early_setting(name: str, default: Any) -> Any:
    """One setting read without validation, for what must be known before the first paint
    (language, theme). The worker validates the whole config right after and reports errors."""
    value = os.environ.get(f"PREPDESK_{name.upper()}")
    if value is not None:
        return value
    try:
        return tomllib.loads(config_file_path().read_text(encoding="utf-8")).get(name, default)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return default
