"""What every test builds its data and drives the app with (issue 9, item 7).

tests/ has no __init__.py and the root conftest puts tests/ on sys.path, so tests import
this package as `support`:

- `support.people`: the fixed moment NOW, the teams, the caseworkers everybody knows by
  name, citizens, CurrentUser and the Context for a user;
- `support.world`: the core tests' job centre (the `world` fixture of tests/core);
- `support.desk`, `support.preparation`, `support.notes`: Mette Kjær's day for the screen
  tests, meetings ready to prepare, and notes with corrections;
- `support.citizen_file`, `support.rulings`: a citizen's file, and a ruling library;
- `support.apps`: PrepDesk for a screen test; `support.pilot`: waiting and reading the screen;
- `support.hostile`: text no screen may choke on; `support.similar_cases`: a labelled set.
"""
