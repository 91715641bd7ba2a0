#!/bin/sh
# End-to-end test of the PDF reports on the bundled sample: see tests/report/sample.sh.
exec sh "$(dirname "$0")/../report/sample.sh"
