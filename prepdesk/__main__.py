from prepdesk.cli import main

raise SystemExit(main())
