# Discord-only pieces: the private form that asks for an API key.

key-form-title = The VPS's KiwiVM API key
key-form-label = API key
key-form-foreign = That form is not one of mine, or the key was empty.
