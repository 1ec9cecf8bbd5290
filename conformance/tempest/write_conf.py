"""Writes a tempest.conf for an Altus cloud from its clouds.yaml (admin cloud 'altus')."""
import sys

import yaml

clouds = yaml.safe_load(open(sys.argv[1]))["clouds"]
admin = clouds["altus"]["auth"]
region = clouds["altus"].get("region_name", "RegionOne")
uri_v3 = admin["auth_url"].rstrip("/")
if not uri_v3.endswith("/v3"):
    uri_v3 += "/v3"

print(f"""[DEFAULT]
log_file = tempest.log
use_stderr = false

[auth]
use_dynamic_credentials = true
create_isolated_networks = false
admin_username = {admin['username']}
admin_password = {admin['password']}
admin_project_name = {admin['project_name']}
admin_domain_name = Default
default_credentials_domain_name = Default

[identity]
uri_v3 = {uri_v3}
auth_version = v3
region = {region}
v3_endpoint_type = public
default_domain_id = default
admin_role = admin
disable_ssl_certificate_validation = true

[identity-feature-enabled]
api_v2 = false
api_v2_admin = false
api_v3 = true
trust = true
project_tags = true
application_credentials = true
access_rules = true
domain_specific_drivers = false
security_compliance = false
immutable_user_source = false

[enforce_scope]
keystone = false

[service_available]
keystone = true
glance = false
nova = false
neutron = false
cinder = false
swift = false
horizon = false

[validation]
run_validation = false
""")
