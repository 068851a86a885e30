"""What the screens share: the Command declaration, the base screen, running core work
from a screen and showing its problem, navigation between screens, dialogs."""
