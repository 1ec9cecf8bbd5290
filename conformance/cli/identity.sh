#!/usr/bin/env bash
# The classic install guide's identity steps, in today's openstack CLI syntax, against a running
# Altus cloud:   conformance/cli/identity.sh DATA_DIR
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
export OS_CLIENT_CONFIG_FILE="$(cd "$1" && pwd)/clouds.yaml"
A=(--os-cloud altus); D=(--os-cloud altus-demo)
auth_url="$(/usr/bin/python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["clouds"]["altus"]["auth"]["auth_url"])' "$OS_CLIENT_CONFIG_FILE")"
run="cli$$"

step "admin can issue a token" os "${A[@]}" token issue -f value -c id
step "demo can issue a token" os "${D[@]}" token issue -f value -c id
step "the service project exists" os "${A[@]}" project show service -f value -c id
step "create a domain" os "${A[@]}" domain create --description "An Example Domain" "example-$run"
step "create a project" os "${A[@]}" project create --domain default --description "Demo Project" "myproject-$run"
step "create a user" os "${A[@]}" user create --domain default --password "s3cret-$run" "myuser-$run"
step "create a role" os "${A[@]}" role create "myrole-$run"
step "add the role to the user on the project" os "${A[@]}" role add --project "myproject-$run" --user "myuser-$run" "myrole-$run"
step "the assignment is listed" os "${A[@]}" role assignment list --user "myuser-$run" --project "myproject-$run" --names -f value -c Role
expect_eq "the assignment names the role" "myrole-$run" "$LAST"
step "the new user can issue a project token" os --os-auth-url "$auth_url" \
  --os-identity-api-version 3 --os-user-domain-name Default --os-project-domain-name Default \
  --os-username "myuser-$run" --os-password "s3cret-$run" --os-project-name "myproject-$run" token issue -f value -c project_id
step "create the image service" os "${A[@]}" service create --name "glance-$run" --description "OpenStack Image" image
for iface in public internal admin; do
  step "create the $iface image endpoint" os "${A[@]}" endpoint create --region RegionOne "glance-$run" "$iface" "http://controller-$run:9292"
done
step "the endpoints are listed" os "${A[@]}" endpoint list --service "glance-$run" -f value -c Interface
expect_eq "three endpoints" "3" "$(wc -l <<<"$LAST" | tr -d ' ')"
step "admin can list users" os "${A[@]}" user list -f value -c Name
grep -qx "myuser-$run" <<<"$LAST"; expect_eq "the new user is in the list" 0 $?
step_fails "demo cannot list users" "not authorized" os "${D[@]}" user list
step "demo can list its own projects" os "${D[@]}" project list -f value -c Name
expect_eq "demo sees only demo" "demo" "$LAST"
step_fails "a wrong password is refused" "authentication" os --os-auth-url "$auth_url" \
  --os-identity-api-version 3 --os-user-domain-name Default --os-project-domain-name Default \
  --os-username "myuser-$run" --os-password wrong --os-project-name "myproject-$run" token issue

# clean up what the scenario created
step "delete the image service" os "${A[@]}" service delete "glance-$run"
step "delete the user" os "${A[@]}" user delete "myuser-$run"
step "delete the role" os "${A[@]}" role delete "myrole-$run"
step "delete the project" os "${A[@]}" project delete "myproject-$run"
step "disable the domain" os "${A[@]}" domain set --disable "example-$run"
step "delete the domain" os "${A[@]}" domain delete "example-$run"
finish "cli-identity"
