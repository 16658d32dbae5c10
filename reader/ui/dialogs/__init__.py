"""Dialogs and popups: About, Export, the import progress and report, the tag chooser."""
