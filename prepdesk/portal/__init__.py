"""The citizen's approval page: a small ASGI app (Starlette, served by uvicorn).

The caseworker's PrepDesk never imports this package; `prepdesk portal` runs it on a
server the citizens' browsers can reach. See prepdesk.portal.app.
"""
