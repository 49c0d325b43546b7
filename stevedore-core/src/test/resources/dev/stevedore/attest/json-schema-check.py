# Validates a document against a JSON Schema with python3-jsonschema (the reference Python
# implementation, a Debian package): reads [schema, document] as one JSON array on standard input,
# prints one line per violation ("$.json.path: message", sorted) and exits 0; a schema that is not
# valid under its own $schema's metaschema exits 2.
import json
import sys

import jsonschema

schema, document = json.load(sys.stdin)
validator_class = jsonschema.validators.validator_for(schema)
try:
    validator_class.check_schema(schema)
except jsonschema.exceptions.SchemaError as e:
    print("the schema itself is invalid: " + e.message, file=sys.stderr)
    sys.exit(2)
for line in sorted(e.json_path + ": " + e.message for e in validator_class(schema).iter_errors(document)):
    print(line)
