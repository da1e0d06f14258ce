"""The full-screen app (Textual): the App, its write-side glue, opening links."""
