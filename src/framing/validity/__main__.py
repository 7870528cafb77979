from ..cli.validity import main

raise SystemExit(main())
