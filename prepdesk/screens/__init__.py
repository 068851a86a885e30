"""One Textual screen per module, named after what the user sees. What they share is in
prepdesk/ui/."""
