"""Writes a tempest.conf for an Altus cloud from its clouds.yaml (admin cloud 'altus').

ALTUS_TEMPEST_HTTP_IMAGE, a URL the cloud's web-download is allowed to fetch, turns on the image
import tests (glance-direct and web-download) with that URL as [image] http_image.

Other reasonable settings than our own, to find what they break (as an operator's tempest.conf
would have them): ALTUS_TEMPEST_FLAVOR_REF_ALT, a flavor id for [compute] flavor_ref_alt (e.g. "2",
m1.small, where DevStack's m1.micro is the default); ALTUS_TEMPEST_PUBLIC_NETWORK, the name of the
external network (default tempest-public; "public" as DevStack names it), shared with every
project when ALTUS_TEMPEST_PUBLIC_SHARED=1; ALTUS_TEMPEST_IMAGE, the name of an image the cloud
already has (e.g. altus-guest, which a cloud with the qemu driver uploads at start) for [compute]
image_ref, and a copy of it named <name>-alt for image_ref_alt, so Tempest's servers really boot
(by default blank 64 MiB qcow2 images named tempest-image and tempest-image-alt, enough for the
fake driver); ALTUS_TEMPEST_BUILD_TIMEOUT, seconds Tempest waits for a server's state (default
120; real guests under TCG on a busy host need more). Use a fresh cloud (data dir) for such a
run: the router
joining tempest-shared to the public network is made once, to the first public network named.

The password rules the cloud was started with (ALTUS_IDENTITY_LOCKOUT_FAILURE_ATTEMPTS,
ALTUS_IDENTITY_LOCKOUT_DURATION_SECONDS, ALTUS_IDENTITY_UNIQUE_LAST_PASSWORD_COUNT,
ALTUS_IDENTITY_MINIMUM_PASSWORD_AGE_DAYS in the environment) turn on Tempest's security
compliance tests with the same values.
"""
import json
import os
import sys
import urllib.error
import urllib.request

import yaml

clouds = yaml.safe_load(open(sys.argv[1]))["clouds"]
admin = clouds["altus"]["auth"]
region = clouds["altus"].get("region_name", "RegionOne")
uri_v3 = admin["auth_url"].rstrip("/")
if not uri_v3.endswith("/v3"):
    uri_v3 += "/v3"

lockout = int(os.environ.get("ALTUS_IDENTITY_LOCKOUT_FAILURE_ATTEMPTS", "0"))
lockout_duration = int(os.environ.get("ALTUS_IDENTITY_LOCKOUT_DURATION_SECONDS", "0"))
unique = int(os.environ.get("ALTUS_IDENTITY_UNIQUE_LAST_PASSWORD_COUNT", "0"))
min_age = int(os.environ.get("ALTUS_IDENTITY_MINIMUM_PASSWORD_AGE_DAYS", "0"))
compliance = lockout > 0 and lockout_duration > 0 and unique > 0
# a URL the cloud's web-download may fetch (run.sh serves one on 127.0.0.1): turns on the import tests
http_image = os.environ.get("ALTUS_TEMPEST_HTTP_IMAGE", "")
public_name = os.environ.get("ALTUS_TEMPEST_PUBLIC_NETWORK", "tempest-public")
public_shared = os.environ.get("ALTUS_TEMPEST_PUBLIC_SHARED", "0") == "1"
flavor_ref_alt = os.environ.get("ALTUS_TEMPEST_FLAVOR_REF_ALT", "")
# real guests (a cloud with the qemu driver and the linux data plane): the scenario tests boot the
# project's guest image and log in to it over SSH through a floating IP
validation = os.environ.get("ALTUS_TEMPEST_VALIDATION", "0") == "1"
boot_image = os.environ.get("ALTUS_TEMPEST_IMAGE", "altus-guest" if validation else "")
build_timeout = os.environ.get("ALTUS_TEMPEST_BUILD_TIMEOUT", "300" if validation else "120")



def _catalog_types():
    """The service types in an admin token's catalog (empty when the cloud cannot be asked)."""
    req = urllib.request.Request(uri_v3 + "/auth/tokens", method="POST", data=json.dumps({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": admin["username"], "password": admin["password"],
            "domain": {"name": admin.get("user_domain_name", "Default")}}}},
        "scope": {"project": {"name": admin["project_name"],
                              "domain": {"name": admin.get("project_domain_name", "Default")}}}}}
    ).encode())
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return {s["type"] for s in json.loads(r.read())["token"]["catalog"]}
    except Exception as e:  # pragma: no cover - reported, and the services count as absent
        print(f"# cannot read the catalog: {e}", file=sys.stderr)
        return set()


# block storage (Cinder v3): its tests run when the catalog has it
cinder = "block-storage" in _catalog_types()

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
user_lockout_failure_attempts = {lockout}
user_lockout_duration = {lockout_duration}
user_unique_last_password_count = {unique}
user_minimum_password_age = {min_age}

[identity-feature-enabled]
api_v2 = false
api_v2_admin = false
api_v3 = true
trust = true
project_tags = true
application_credentials = true
access_rules = true
domain_specific_drivers = false
security_compliance = {str(compliance).lower()}
immutable_user_source = false

[enforce_scope]
keystone = false

[service_available]
keystone = true
glance = true
nova = true
neutron = true
cinder = {str(cinder).lower()}
swift = false
horizon = false

# image service (Glance v2)
[image]
region = {region}
endpoint_type = public
container_formats = bare,ami,ari,aki,ovf,ova,docker,compressed
disk_formats = raw,qcow2,vhd,vmdk,vdi,iso,ploop,ami,ari,aki
{"http_image = " + http_image if http_image else ""}

[image-feature-enabled]
api_v2 = true
api_v1 = false
import_image = {str(bool(http_image)).lower()}
os_glance_reserved = true
manage_locations = false

""")



def _call(method, url, body=None, token=None):
    req = urllib.request.Request(url, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("X-Auth-Token", token)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.headers.get("X-Subject-Token"), json.loads(r.read() or b"{}")


def network_api():
    """An admin token and the network API's public URL, or (None, None) without a network service."""
    try:
        token, body = _call("POST", uri_v3 + "/auth/tokens", {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": admin["username"], "password": admin["password"],
                "domain": {"name": admin.get("user_domain_name", "Default")}}}},
            "scope": {"project": {"name": admin["project_name"],
                                  "domain": {"name": admin.get("project_domain_name", "Default")}}}}})
        url = next(e["url"] for s in body["token"]["catalog"] if s["type"] == "network"
                   for e in s["endpoints"] if e["interface"] == "public").rstrip("/")
        return token, url
    except Exception as e:  # no network service: the tests that need it skip
        print(f"# no network service: {e}", file=sys.stderr)
        return None, None


def public_network_id(token, url):
    """The external network Tempest's router and floating IP tests use: the all-in-one's 'public'
    when the cloud made one (the linux data plane, as DevStack's) and ALTUS_TEMPEST_PUBLIC_NETWORK
    does not name another; else 'tempest-public' (or ALTUS_TEMPEST_PUBLIC_NETWORK), created with a
    subnet on first use; empty when the cloud has no network service. Sets public_name."""
    global public_name
    if not token:
        return ""
    if "ALTUS_TEMPEST_PUBLIC_NETWORK" not in os.environ:
        _, nets = _call("GET", url + "/v2.0/networks?name=public&router:external=true", token=token)
        if nets["networks"]:
            public_name = "public"
            return nets["networks"][0]["id"]
    _, nets = _call("GET", url + "/v2.0/networks?name=" + public_name, token=token)
    if nets["networks"]:
        return nets["networks"][0]["id"]
    _, net = _call("POST", url + "/v2.0/networks", {"network": {
        "name": public_name, "router:external": True, "shared": public_shared,
        "provider:network_type": "flat", "provider:physical_network": public_name}}, token)
    nid = net["network"]["id"]
    _call("POST", url + "/v2.0/subnets", {"subnet": {
        "name": public_name + "-subnet", "network_id": nid, "ip_version": 4,
        "cidr": "198.51.100.0/24", "enable_dhcp": False}}, token)
    return nid


def extensions(token, url):
    """Exactly the extension aliases the network API advertises."""
    if not token:
        return ""
    _, body = _call("GET", url + "/v2.0/extensions", token=token)
    return ",".join(e["alias"] for e in body["extensions"])


# network (Neutron): the extensions the network API advertises at /v2.0/extensions
token, url = network_api()
public_id = public_network_id(token, url)
print(f"""[network]
public_network_id = {public_id}
floating_network_name = {public_name}
project_network_cidr = 10.100.0.0/16
project_network_mask_bits = 28
project_network_v6_cidr = 2001:db8::/48
project_network_v6_mask_bits = 64
shared_physical_network = false

[network-feature-enabled]
ipv6 = true
ipv6_subnet_attributes = true
port_security = {str(validation).lower()}
api_extensions = {extensions(token, url)}
""")


# compute (Nova v2.1): the image and flavors Tempest boots with, the network servers plug into,
# the microversion range the compute API advertises, and the features that exist.
def _admin_session():
    """An admin token and the public URLs of the catalog, by service type."""
    token, body = _call("POST", uri_v3 + "/auth/tokens", {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": admin["username"], "password": admin["password"],
            "domain": {"name": admin.get("user_domain_name", "Default")}}}},
        "scope": {"project": {"name": admin["project_name"],
                              "domain": {"name": admin.get("project_domain_name", "Default")}}}}})
    urls = {s["type"]: e["url"].rstrip("/") for s in body["token"]["catalog"]
            for e in s["endpoints"] if e["interface"] == "public"}
    return token, urls


def _image(token, glance, name):
    """The id of the public image NAME, uploaded on first use: a small qcow2 made with qemu-img."""
    import subprocess
    import tempfile
    _, found = _call("GET", glance + "/v2/images?name=" + name, token=token)
    for image in found["images"]:
        if image["status"] == "active":
            return image["id"]
        _call("DELETE", glance + "/v2/images/" + image["id"], token=token)
    _, image = _call("POST", glance + "/v2/images", {
        "name": name, "disk_format": "qcow2", "container_format": "bare",
        "visibility": "public"}, token)
    with tempfile.TemporaryDirectory() as work:
        disk = os.path.join(work, "disk.qcow2")
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", disk, "64M"], check=True)
        req = urllib.request.Request(glance + "/v2/images/" + image["id"] + "/file",
                                     method="PUT", data=open(disk, "rb").read())
        req.add_header("Content-Type", "application/octet-stream")
        req.add_header("X-Auth-Token", token)
        urllib.request.urlopen(req, timeout=60).read()
    return image["id"]


def _existing_image(token, glance, name):
    """The id of the active image NAME the cloud already has (waits up to 10 minutes for a cloud
    that is still uploading it); exits with a message when there is none."""
    import time
    for _ in range(600):
        _, found = _call("GET", glance + "/v2/images?name=" + name, token=token)
        active = [i["id"] for i in found["images"] if i["status"] == "active"]
        if active:
            return active[0]
        time.sleep(1)
    sys.exit(f"write_conf: no active image named {name} (ALTUS_TEMPEST_IMAGE)")


def _copy_image(token, glance, source_id, name):
    """The id of the public image NAME, on first use a copy of image SOURCE_ID's data and formats
    (Tempest's image_ref_alt must be another image than image_ref, and boot as well)."""
    _, found = _call("GET", glance + "/v2/images?name=" + name, token=token)
    for image in found["images"]:
        if image["status"] == "active":
            return image["id"]
        _call("DELETE", glance + "/v2/images/" + image["id"], token=token)
    _, source = _call("GET", glance + "/v2/images/" + source_id, token=token)
    _, image = _call("POST", glance + "/v2/images", {
        "name": name, "disk_format": source["disk_format"],
        "container_format": source["container_format"], "visibility": "public"}, token)
    get = urllib.request.Request(glance + "/v2/images/" + source_id + "/file")
    get.add_header("X-Auth-Token", token)
    with urllib.request.urlopen(get, timeout=120) as r:
        data = r.read()
    put = urllib.request.Request(glance + "/v2/images/" + image["id"] + "/file", method="PUT",
                                 data=data)
    put.add_header("Content-Type", "application/octet-stream")
    put.add_header("X-Auth-Token", token)
    urllib.request.urlopen(put, timeout=120).read()
    return image["id"]


def _shared_network(token, neutron, name, cidr):
    """A shared network (with a subnet) every project's servers may plug into."""
    _, nets = _call("GET", neutron + "/v2.0/networks?name=" + name, token=token)
    if nets["networks"]:
        return nets["networks"][0]["id"]
    _, net = _call("POST", neutron + "/v2.0/networks", {"network": {
        "name": name, "shared": True}}, token)
    _call("POST", neutron + "/v2.0/subnets", {"subnet": {
        "name": name + "-subnet", "network_id": net["network"]["id"], "ip_version": 4,
        "cidr": cidr}}, token)
    return net["network"]["id"]


def _router_to_public(token, neutron, network_id):
    """A router from the shared network to tempest-public, as DevStack's router1 joins its
    private network to the public one, so floating IPs can be associated to servers on it."""
    _, routers = _call("GET", neutron + "/v2.0/routers?name=tempest-router", token=token)
    if routers["routers"]:
        return
    public = public_network_id(token, neutron)
    _, router = _call("POST", neutron + "/v2.0/routers", {"router": {
        "name": "tempest-router", "external_gateway_info": {"network_id": public}}}, token)
    _, net = _call("GET", neutron + "/v2.0/networks/" + network_id, token=token)
    _call("PUT", neutron + "/v2.0/routers/" + router["router"]["id"] + "/add_router_interface",
          {"subnet_id": net["network"]["subnets"][0]}, token)


def _flavor(token, nova, flavor_id, name, ram):
    """A small public flavor (1 vCPU, 1 GB disk) like DevStack's m1.nano / m1.micro."""
    try:
        _call("GET", nova + "/flavors/" + flavor_id, token=token)
    except urllib.error.HTTPError as e:
        if e.code != 404:
            raise
        _call("POST", nova + "/flavors", {"flavor": {
            "id": flavor_id, "name": name, "ram": ram, "vcpus": 1, "disk": 1}}, token)
    return flavor_id


def compute_settings():
    token, urls = _admin_session()
    nova = urls["compute"]
    with urllib.request.urlopen(nova, timeout=30) as r:  # version discovery needs no token
        version = json.loads(r.read())["version"]
    shared = _shared_network(token, urls["network"], "tempest-shared", "10.99.0.0/20")
    _router_to_public(token, urls["network"], shared)
    image_ref = (_existing_image(token, urls["image"], boot_image) if boot_image
                 else _image(token, urls["image"], "tempest-image"))
    return {
        "flavor_ref": _flavor(token, nova, "42", "m1.nano", 128),
        "flavor_ref_alt": flavor_ref_alt or _flavor(token, nova, "84", "m1.micro", 192),
        "image_ref": image_ref,
        "image_ref_alt": (_copy_image(token, urls["image"], image_ref, boot_image + "-alt")
                          if boot_image else _image(token, urls["image"], "tempest-image-alt")),
        "min_microversion": version["min_version"],
        "max_microversion": version["version"],
    }


compute = compute_settings()
print(f"""[compute]
region = {region}
endpoint_type = publicURL
image_ref = {compute['image_ref']}
image_ref_alt = {compute['image_ref_alt']}
flavor_ref = {compute['flavor_ref']}
flavor_ref_alt = {compute['flavor_ref_alt']}
fixed_network_name = tempest-shared
min_microversion = {compute['min_microversion']}
max_microversion = {compute['max_microversion']}
build_interval = 1
build_timeout = {build_timeout}

[compute-feature-enabled]
# what the compute service does so far; each part turns its features on as they land
disk_config = true
change_password = false
console_output = true
resize = true
pause = true
shelve = true
shelve_migrate = false
suspend = true
cold_migration = false
live_migration = false
metadata_service = {str(validation).lower()}
vnc_console = true
spice_console = false
serial_console = false
rescue = true
stable_rescue = false
enable_instance_password = true
interface_attach = true
snapshot = true
personality = true
attach_encrypted_volume = false
config_drive = true
ide_bus = false
swap_volume = false
volume_multiattach = false
unified_limits = false
""")

if validation:
    # TCG guests: a boot to the SSH daemon takes tens of seconds on a busy machine
    print(f"""[validation]
run_validation = true
connect_method = floating
auth_method = keypair
image_ssh_user = altus
image_alt_ssh_user = altus
ssh_key_type = rsa
network_for_ssh = tempest-shared
ping_timeout = 180
connect_timeout = 60
ssh_timeout = 300

[scenario]
dhcp_client = udhcpc
""")
else:
    print("""[validation]
run_validation = false
""")


def volume_settings():
    """The block storage API's microversion range, read from its version document."""
    token, urls = _admin_session()
    root = urls["block-storage"].split("/v3")[0]
    req = urllib.request.Request(root + "/v3/")
    with urllib.request.urlopen(req, timeout=30) as r:
        version = json.loads(r.read())["versions"][0]
    return {"min_microversion": version["min_version"], "max_microversion": version["version"]}


if cinder:
    volume = volume_settings()
    print(f"""[volume]
region = {region}
catalog_type = block-storage
endpoint_type = publicURL
min_microversion = {volume['min_microversion']}
max_microversion = {volume['max_microversion']}
backend_names = file
storage_protocol = file
vendor_name = Open Source
volume_size = 1
build_interval = 1
build_timeout = 60
disk_format = raw

[volume-feature-enabled]
# what the block storage service does so far (the file backend); each part turns its features
# on as it lands
multi_backend = false
backup = false
snapshot = true
clone = true
manage_snapshot = false
manage_volume = false
extend_attached_volume = false
extend_volume_with_snapshot = true
volume_revert = false
cluster_active_active = false
""")
