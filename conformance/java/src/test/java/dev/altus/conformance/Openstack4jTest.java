package dev.altus.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.common.Payloads;
import org.openstack4j.model.compute.Action;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.Keypair;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.model.identity.v3.Role;
import org.openstack4j.model.identity.v3.User;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.Router;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.SecurityGroupRule;
import org.openstack4j.model.network.Subnet;

/**
 * The everyday calls of each service made with openstack4j 3.12, the Java SDK, as a Java program
 * written against OpenStack would make them. Every resource is removed at the end of its test.
 */
class Openstack4jTest {
  private static final String P = "o4j-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void identity() {
    OSClientV3 admin = Cloud.as("admin");
    assertThat(admin.getToken().getId()).isNotBlank();
    Project project = admin.identity().projects().create(Builders.project().name(P + "-project")
        .domainId("default").description("from openstack4j").enabled(true).build());
    User user = admin.identity().users().create(Builders.user().name(P + "-user")
        .domainId("default").password("o4j-Secret-1").defaultProjectId(project.getId())
        .enabled(true).build());
    try {
      assertThat(admin.identity().projects().get(project.getId()).getDescription())
          .isEqualTo("from openstack4j");
      Role member = admin.identity().roles().getByName("member").get(0);
      ActionResponse grant = admin.identity().roles()
          .grantProjectUserRole(project.getId(), user.getId(), member.getId());
      assertThat(grant.isSuccess()).as(grant.getFault()).isTrue();
      ActionResponse check = admin.identity().roles().checkProjectUserRole(project.getId(),
          user.getId(), member.getId());
      assertThat(check.isSuccess()).as(check.getCode() + " " + check.getFault()).isTrue();
      assertThat(admin.identity().users().list()).extracting(User::getName).contains(P + "-user");
      assertThat(admin.identity().users().listUserProjects(user.getId()))
          .extracting(Project::getName).contains(P + "-project");
      // the new user can sign in with the project scope it was given
      OSClientV3 newUser = org.openstack4j.openstack.OSFactory.builderV3()
          .endpoint(admin.getEndpoint())
          .credentials(P + "-user", "o4j-Secret-1", org.openstack4j.model.common.Identifier.byId("default"))
          .scopeToProject(org.openstack4j.model.common.Identifier.byId(project.getId()))
          .authenticate();
      assertThat(newUser.getToken().getProject().getId()).isEqualTo(project.getId());
      // openstack4j keeps one session per thread: back to the admin's
      admin = org.openstack4j.openstack.OSFactory.clientFromToken(admin.getToken());
      assertThat(admin.identity().serviceEndpoints().list()).extracting(s -> s.getType())
          .contains("identity", "image", "network", "compute");
    } finally {
      ok(admin.identity().users().delete(user.getId()));
      ok(admin.identity().projects().delete(project.getId()));
    }
  }

  @Test
  void image() throws Exception {
    OSClientV3 demo = Cloud.as("demo");
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(7).nextBytes(data);
    Image image = demo.imagesV2().create(Builders.imageV2().name(P + "-image")
        .containerFormat(ContainerFormat.BARE).diskFormat(DiskFormat.RAW)
        .additionalProperty("o4j_note", "hello").build());
    try {
      assertThat(image.getStatus()).isEqualTo(Image.ImageStatus.QUEUED);
      ActionResponse up = demo.imagesV2().upload(image.getId(),
          Payloads.create(new ByteArrayInputStream(data)), image);
      assertThat(up.isSuccess()).as(up.getFault()).isTrue();
      Image active = demo.imagesV2().get(image.getId());
      assertThat(active.getStatus()).isEqualTo(Image.ImageStatus.ACTIVE);
      assertThat(active.getSize()).isEqualTo(data.length);
      assertThat(active.getChecksum()).isEqualTo(HexFormat.of().formatHex(
          MessageDigest.getInstance("MD5").digest(data)));
      assertThat(active.getAdditionalPropertyValue("o4j_note")).isEqualTo("hello");
      java.io.File copy = java.io.File.createTempFile("o4j", ".img");
      try {
        assertThat(demo.imagesV2().download(image.getId(), copy).isSuccess()).isTrue();
        assertThat(java.nio.file.Files.readAllBytes(copy.toPath())).isEqualTo(data);
      } finally {
        copy.delete();
      }
      assertThat(demo.imagesV2().list()).extracting(Image::getId).contains(image.getId());
    } finally {
      ok(demo.imagesV2().delete(image.getId()));
    }
  }

  @Test
  void networkSubnetPortRouterAndSecurityGroup() {
    OSClientV3 demo = Cloud.as("demo");
    Network net = demo.networking().network().create(Builders.network().name(P + "-net")
        .adminStateUp(true).build());
    Subnet subnet = null;
    Router router = null;
    SecurityGroup group = null;
    Port port = null;
    try {
      assertThat(net.getId()).isNotBlank();
      subnet = demo.networking().subnet().create(Builders.subnet().name(P + "-subnet")
          .networkId(net.getId()).ipVersion(IPVersionType.V4).cidr("192.168.77.0/24")
          .gateway("192.168.77.1").enableDHCP(true).addDNSNameServer("192.168.77.53").build());
      assertThat(subnet.getAllocationPools()).isNotEmpty();
      group = demo.networking().securitygroup().create(Builders.securityGroup()
          .name(P + "-sg").description("ssh").build());
      SecurityGroupRule rule = demo.networking().securityrule().create(Builders.securityGroupRule()
          .securityGroupId(group.getId()).direction("ingress").ethertype("IPv4").protocol("tcp")
          .portRangeMin(22).portRangeMax(22).remoteIpPrefix("0.0.0.0/0").build());
      assertThat(rule.getId()).isNotBlank();
      port = demo.networking().port().create(Builders.port().name(P + "-port")
          .networkId(net.getId()).fixedIp("192.168.77.10", subnet.getId())
          .securityGroup(group.getId()).build());
      assertThat(port.getFixedIps()).extracting(ip -> ip.getIpAddress()).containsExactly("192.168.77.10");
      assertThat(port.getSecurityGroups()).containsExactly(group.getId());
      router = demo.networking().router().create(Builders.router().name(P + "-router").build());
      var iface = demo.networking().router().attachInterface(router.getId(),
          org.openstack4j.model.network.AttachInterfaceType.SUBNET, subnet.getId());
      assertThat(iface.getSubnetId()).isEqualTo(subnet.getId());
      assertThat(demo.networking().network().list()).extracting(Network::getId).contains(net.getId());
      assertThat(demo.networking().port().list()).extracting(Port::getId).contains(port.getId());
      demo.networking().router().detachInterface(router.getId(), subnet.getId(), null);
    } finally {
      if (router != null) {
        ok(demo.networking().router().delete(router.getId()));
      }
      if (port != null) {
        ok(demo.networking().port().delete(port.getId()));
      }
      if (group != null) {
        ok(demo.networking().securitygroup().delete(group.getId()));
      }
      ActionResponse r = demo.networking().network().delete(net.getId());
      assertThat(r.isSuccess()).as(r.getFault()).isTrue();
    }
  }

  @Test
  void serverLifecycle() {
    OSClientV3 demo = Cloud.as("demo");
    Flavor tiny = demo.compute().flavors().list().stream()
        .filter(f -> f.getName().equals("m1.tiny")).findFirst().orElseThrow();
    Image image = demo.imagesV2().create(Builders.imageV2().name(P + "-boot")
        .containerFormat(ContainerFormat.BARE).diskFormat(DiskFormat.RAW).build());
    Network net = demo.networking().network().create(Builders.network().name(P + "-srv-net").build());
    demo.networking().subnet().create(Builders.subnet().networkId(net.getId())
        .ipVersion(IPVersionType.V4).cidr("192.168.78.0/24").build());
    Keypair key = demo.compute().keypairs().create(P + "-key", null);
    Server server = null;
    try {
      assertThat(key.getPrivateKey()).contains("PRIVATE KEY");
      demo.imagesV2().upload(image.getId(), Payloads.create(new ByteArrayInputStream(new byte[1 << 20])), image);
      server = demo.compute().servers().boot(Builders.server().name(P + "-vm")
          .flavor(tiny.getId()).image(image.getId()).networks(List.of(net.getId()))
          .keypairName(key.getName()).addMetadataItem("role", "o4j").build());
      String id = server.getId();
      waitFor(() -> status(demo, id) == Server.Status.ACTIVE || status(demo, id) == Server.Status.ERROR);
      Server active = demo.compute().servers().get(id);
      assertThat(active.getStatus()).as(String.valueOf(active.getFault())).isEqualTo(Server.Status.ACTIVE);
      assertThat(active.getAddresses().getAddresses()).containsKey(P + "-srv-net");
      assertThat(active.getMetadata()).containsEntry("role", "o4j");
      assertThat(active.getKeyName()).isEqualTo(P + "-key");
      assertThat(demo.compute().servers().action(id, Action.STOP).isSuccess()).isTrue();
      waitFor(() -> status(demo, id) == Server.Status.SHUTOFF);
      assertThat(demo.compute().servers().action(id, Action.START).isSuccess()).isTrue();
      waitFor(() -> status(demo, id) == Server.Status.ACTIVE);
      assertThat(demo.compute().servers().getConsoleOutput(id, 10)).isNotNull();
      assertThat(demo.compute().servers().list()).extracting(Server::getId).contains(id);
    } finally {
      if (server != null) {
        String id = server.getId();
        demo.compute().servers().delete(id);
        waitFor(() -> demo.compute().servers().get(id) == null);
      }
      demo.compute().keypairs().delete(P + "-key");
      demo.imagesV2().delete(image.getId());
      demo.networking().network().delete(net.getId());
    }
  }

  private static void ok(ActionResponse r) {
    assertThat(r.isSuccess()).as(r.getCode() + " " + r.getFault()).isTrue();
  }

  private static Server.Status status(OSClientV3 os, String id) {
    Server s = os.compute().servers().get(id);
    return s == null ? null : s.getStatus();
  }

  private static void waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within 120 s");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
