package dev.altus.compute.metadata;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.compute.client.NetworkClient.HostRoute;
import dev.altus.compute.client.NetworkClient.SubnetInfo;
import dev.altus.compute.model.Server;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server's metadata in the formats guests read (Nova's instance metadata): the EC2 tree of
 * {@code <version>/meta-data/...}, and OpenStack's {@code meta_data.json},
 * {@code network_data.json}, {@code vendor_data.json}, {@code vendor_data2.json} and
 * {@code user_data}. The metadata service and the config drive render the same documents.
 */
public final class InstanceMetadata {
  /** The domain a guest's hostname is qualified with (Nova's default dhcp_domain). */
  public static final String DHCP_DOMAIN = "novalocal";
  /** The guest's root disk as drivers attach it; the flavor's other disks follow it. */
  static final String ROOT_DEVICE = "/dev/vda";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A personality file on a config drive: where it goes and what it holds. */
  public record File(String path, byte[] contents) {}

  private final InstanceData data;
  private final List<File> files;

  /**
   * @param files personality files (the config drive carries them; the metadata service, as
   *     Nova's, does not)
   */
  public InstanceMetadata(InstanceData data, List<File> files) {
    this.data = data;
    this.files = List.copyOf(files);
  }

  public InstanceMetadata(InstanceData data) {
    this(data, List.of());
  }

  public InstanceData data() {
    return data;
  }

  public List<File> files() {
    return files;
  }

  /** The personality files a server asked for (path to base64), decoded, in order. */
  public static List<File> files(Map<String, String> personality) {
    List<File> out = new ArrayList<>();
    personality.forEach((path, b64) -> out.add(new File(path, decode(b64))));
    return out;
  }

  /** The user data as the guest receives it (decoded), or null when the server has none. */
  public byte[] userData() {
    String u = data.server().userData();
    return u == null ? null : decode(u);
  }

  private static byte[] decode(String b64) {
    try {
      return Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      // the API checked it was base64; a value stored before that check is served as it is
      return b64.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The guest's fully qualified hostname. */
  public String hostname() {
    return data.server().hostname() + "." + DHCP_DOMAIN;
  }

  /** The EC2 instance id: {@code i-} and the server's sequence number in 8 hex digits. */
  public String ec2InstanceId() {
    return String.format("i-%08x", data.server().seq());
  }

  /** An EC2-style id of an image: its prefix and the first 8 hex digits of its uuid. */
  static String ec2ImageId(String prefix, String imageId) {
    String hex = imageId == null ? "" : imageId.replace("-", "");
    return prefix + "-" + (hex.length() >= 8 && hex.substring(0, 8).matches("[0-9a-fA-F]{8}")
        ? hex.substring(0, 8).toLowerCase() : "00000000");
  }

  // ---- EC2

  /**
   * The EC2 tree of a version (already resolved from "latest"): {@code meta-data} (a map of
   * strings, integers, string lists and maps) and {@code user-data} (bytes) when there is any.
   * A map may carry {@code _name}: what its parent's listing shows for it.
   */
  public Map<String, Object> ec2(String version) {
    Server s = data.server();
    Map<String, Object> md = new LinkedHashMap<>();
    String host = hostname();
    md.put("ami-id", ec2ImageId("ami", s.imageRef()));
    md.put("ami-launch-index", s.launchIndex());
    md.put("ami-manifest-path", "FIXME");
    md.put("instance-id", ec2InstanceId());
    md.put("hostname", host);
    String fixed = firstFixedIpv4();
    md.put("local-ipv4", fixed != null ? fixed
        : data.remoteAddress() == null ? "" : data.remoteAddress());
    md.put("reservation-id", s.reservationId());
    md.put("security-groups", List.copyOf(s.securityGroups()));
    if (s.keyName() != null) {
      Map<String, Object> key = new LinkedHashMap<>();
      key.put("_name", "0=" + s.keyName());
      key.put("openssh-key", s.keyData() == null ? "" : s.keyData());
      md.put("public-keys", new LinkedHashMap<>(Map.of("0", key)));
    }
    if (MetadataVersions.ec2AtLeast(version, "2007-01-19")) {
      md.put("local-hostname", host);
      md.put("public-hostname", host);
      String floating = firstFloatingIp();
      md.put("public-ipv4", floating == null ? "" : floating);
    }
    if (MetadataVersions.ec2AtLeast(version, "2007-08-29")) {
      md.put("instance-type", s.flavor().name());
    }
    if (MetadataVersions.ec2AtLeast(version, "2007-12-15")) {
      md.put("block-device-mapping", blockDeviceMapping());
      Map<String, String> props = s.requestSpec().imageProperties();
      if (props.get("kernel_id") != null) {
        md.put("kernel-id", ec2ImageId("aki", props.get("kernel_id")));
      }
      if (props.get("ramdisk_id") != null) {
        md.put("ramdisk-id", ec2ImageId("ari", props.get("ramdisk_id")));
      }
    }
    if (MetadataVersions.ec2AtLeast(version, "2008-02-01")) {
      md.put("placement", new LinkedHashMap<>(Map.of("availability-zone", data.zone())));
    }
    if (MetadataVersions.ec2AtLeast(version, "2008-09-01")) {
      md.put("instance-action", "none");
    }
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("meta-data", md);
    byte[] user = userData();
    if (user != null) {
      top.put("user-data", user);
    }
    return top;
  }

  /** Device names of the flavor's disks as the guest sees them (root, ephemeral, swap). */
  private Map<String, Object> blockDeviceMapping() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ami", ROOT_DEVICE.substring("/dev/".length()));
    m.put("root", ROOT_DEVICE);
    char next = (char) (ROOT_DEVICE.charAt(ROOT_DEVICE.length() - 1) + 1);
    if (data.server().flavor().ephemeralGb() > 0) {
      m.put("ephemeral0", "vd" + next++);
    }
    if (data.server().flavor().swapMb() > 0) {
      m.put("swap", "vd" + next);
    }
    return m;
  }

  private String firstFixedIpv4() {
    for (InstanceData.Nic n : data.nics()) {
      for (InstanceData.Ip ip : n.ips()) {
        if (ip.version() == 4) {
          return ip.address();
        }
      }
    }
    return null;
  }

  private String firstFloatingIp() {
    return data.nics().stream().flatMap(n -> n.floatingIps().stream()).findFirst().orElse(null);
  }

  // ---- OpenStack

  /** What {@code openstack/<version>/} lists. */
  public List<String> openstackListing(String version) {
    List<String> out = new ArrayList<>(List.of(Names.META_DATA));
    if (data.server().userData() != null) {
      out.add(Names.USER_DATA);
    }
    if (MetadataVersions.atLeast(version, MetadataVersions.GRIZZLY)) {
      out.add(Names.PASSWORD);
    }
    if (MetadataVersions.atLeast(version, MetadataVersions.HAVANA)) {
      out.add(Names.VENDOR_DATA);
    }
    if (MetadataVersions.atLeast(version, MetadataVersions.LIBERTY)) {
      out.add(Names.NETWORK_DATA);
    }
    if (MetadataVersions.atLeast(version, MetadataVersions.NEWTON_TWO)) {
      out.add(Names.VENDOR_DATA2);
    }
    return out;
  }

  /** meta_data.json of a version (already resolved from "latest"). */
  public ObjectNode metaData(String version) {
    Server s = data.server();
    ObjectNode o = Json.object();
    o.put("uuid", s.id());
    if (!data.metadata().isEmpty()) {
      ObjectNode meta = o.putObject("meta");
      new java.util.TreeMap<>(data.metadata()).forEach(meta::put);
    }
    if (!files.isEmpty()) {
      ArrayNode list = o.putArray("files");
      for (int i = 0; i < files.size(); i++) {
        list.addObject().put("path", files.get(i).path()).put("content_path",
            "/content/" + contentName(i));
      }
    }
    if (s.keyName() != null) {
      String key = s.keyData() == null ? "" : s.keyData();
      o.putObject("public_keys").put(s.keyName(), key);
      o.putArray("keys").addObject().put("name", s.keyName()).put("type", keyType(key))
          .put("data", key);
    }
    o.put("hostname", hostname());
    o.put("name", s.name());
    o.put("launch_index", s.launchIndex());
    o.put("availability_zone", data.zone());
    if (MetadataVersions.atLeast(version, MetadataVersions.GRIZZLY)) {
      byte[] seed = new byte[512];
      RANDOM.nextBytes(seed);
      o.put("random_seed", Base64.getEncoder().encodeToString(seed));
    }
    if (MetadataVersions.atLeast(version, MetadataVersions.LIBERTY)) {
      o.put("project_id", s.projectId());
    }
    if (MetadataVersions.atLeast(version, MetadataVersions.NEWTON_ONE)) {
      ArrayNode devices = o.putArray("devices");
      for (InstanceData.Nic n : data.nics()) {
        if (n.tag() != null && !n.tag().isEmpty()) {
          ObjectNode d = devices.addObject().put("type", "nic").put("bus", "pci")
              .put("mac", n.mac());
          d.putArray("tags").add(n.tag());
        }
      }
    }
    return o;
  }

  /** The name of the i-th personality file under {@code openstack/content/}. */
  static String contentName(int i) {
    return String.format("%04d", i);
  }

  /** A key pair's type as Nova names it: x509 for a certificate, ssh otherwise. */
  static String keyType(String publicKey) {
    return publicKey.strip().startsWith("-----BEGIN CERTIFICATE") ? "x509" : "ssh";
  }

  /** vendor_data.json: what the operator adds for every guest (nothing, by default). */
  public ObjectNode vendorData() {
    return Json.object();
  }

  /** vendor_data2.json: the answers of dynamic vendor data services (none are configured). */
  public ObjectNode vendorData2() {
    return Json.object();
  }

  /**
   * network_data.json: one link per interface, one network per interface and IP version (its
   * first subnet of that version), and the DNS servers of them all.
   */
  public ObjectNode networkData() {
    ObjectNode o = Json.object();
    ArrayNode links = o.putArray("links");
    ArrayNode nets = o.putArray("networks");
    ArrayNode services = o.putArray("services");
    List<String> dnsSeen = new ArrayList<>();
    int netNum = 0;
    for (InstanceData.Nic n : data.nics()) {
      String linkId = "tap" + n.portId().substring(0, Math.min(11, n.portId().length()));
      links.addObject().put("id", linkId).put("vif_id", n.portId()).put("type", "bridge")
          .put("mtu", n.mtu()).put("ethernet_mac_address", n.mac());
      for (int version : new int[] {4, 6}) {
        InstanceData.Ip ip = n.ips().stream()
            .filter(i -> i.version() == version && i.subnet() != null).findFirst().orElse(null);
        if (ip == null) {
          continue;
        }
        nets.add(network(n, ip, version, "network" + netNum++, linkId));
        for (String dns : ip.subnet().dnsNameservers()) {
          if (!dnsSeen.contains(dns)) {
            dnsSeen.add(dns);
            services.addObject().put("type", "dns").put("address", dns);
          }
        }
      }
    }
    return o;
  }

  private static ObjectNode network(InstanceData.Nic n, InstanceData.Ip ip, int version,
      String id, String linkId) {
    SubnetInfo subnet = ip.subnet();
    ObjectNode net = Json.object();
    net.put("id", id);
    if (subnet.enableDhcp()) {
      // the guest asks DHCP for its address, as Nova tells it for a subnet with a DHCP server
      return net.put("type", "ipv" + version + "_dhcp").put("link", linkId)
          .put("network_id", n.networkId());
    }
    net.put("type", "ipv" + version).put("link", linkId).put("ip_address", ip.address())
        .put("netmask", netmask(subnet.cidr()));
    ArrayNode routes = net.putArray("routes");
    if (subnet.gatewayIp() != null && !subnet.gatewayIp().isEmpty()) {
      String any = version == 4 ? "0.0.0.0" : "::";
      routes.addObject().put("network", any).put("netmask", any)
          .put("gateway", subnet.gatewayIp());
    }
    for (HostRoute r : subnet.hostRoutes()) {
      routes.addObject().put("network", r.destination().split("/")[0])
          .put("netmask", netmask(r.destination())).put("gateway", r.nexthop());
    }
    net.put("network_id", n.networkId());
    ArrayNode services = net.putArray("services");
    subnet.dnsNameservers().forEach(d -> services.addObject().put("type", "dns")
        .put("address", d));
    return net;
  }

  /** The netmask of a CIDR in address form: 255.255.255.0, or ffff:ffff:: for IPv6. */
  static String netmask(String cidr) {
    String[] parts = cidr.split("/");
    try {
      int bytes = InetAddress.getByName(parts[0]).getAddress().length;
      int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bytes * 8;
      BigInteger all = BigInteger.ONE.shiftLeft(bytes * 8).subtract(BigInteger.ONE);
      BigInteger mask = all.xor(BigInteger.ONE.shiftLeft(bytes * 8 - prefix)
          .subtract(BigInteger.ONE));
      byte[] raw = mask.toByteArray();
      byte[] out = new byte[bytes];
      int copy = Math.min(bytes, raw.length);
      System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
      String text = InetAddress.getByAddress(out).getHostAddress();
      return bytes == 16 ? compressV6(text) : text;
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR: " + cidr, e);
    }
  }

  /** Java writes ffff:ffff:0:0:0:0:0:0; guests (and Nova) write ffff:ffff::. */
  private static String compressV6(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < groups.length; ) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestLen < 2) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen,
        groups.length));
    return head + "::" + tail;
  }

  /** The file names of an OpenStack version directory. */
  public static final class Names {
    private Names() {}

    public static final String META_DATA = "meta_data.json";
    public static final String USER_DATA = "user_data";
    public static final String PASSWORD = "password";
    public static final String VENDOR_DATA = "vendor_data.json";
    public static final String NETWORK_DATA = "network_data.json";
    public static final String VENDOR_DATA2 = "vendor_data2.json";
  }
}
