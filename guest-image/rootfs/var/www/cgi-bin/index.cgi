#!/bin/sh
# The guest's web page: hostname, instance uuid, installed key fingerprints, user_data output.
out=/run/altus
esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }
show() { [ -r "$1" ] && esc <"$1"; }
status=$(cat "$out/user-data.status" 2>/dev/null)
printf 'Content-Type: text/html; charset=utf-8\r\n\r\n'
cat <<HTML
<!DOCTYPE html>
<html><head><title>$(hostname | esc)</title></head>
<body>
<h1>$(hostname | esc)</h1>
<table>
<tr><th>hostname</th><td id="hostname">$(hostname | esc)</td></tr>
<tr><th>instance uuid</th><td id="uuid">$(show "$out/uuid")</td></tr>
<tr><th>instance data</th><td id="source">$(show "$out/source")</td></tr>
<tr><th>installed keys</th><td><pre id="keys">$(show "$out/key-fingerprints")</pre></td></tr>
<tr><th>user_data exit status</th><td id="user-data-status">${status:-not run}</td></tr>
</table>
<h2>user_data output</h2>
<pre id="user-data">$(show "$out/user-data.out")</pre>
</body></html>
HTML
