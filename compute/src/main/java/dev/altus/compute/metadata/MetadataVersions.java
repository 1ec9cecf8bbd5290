package dev.altus.compute.metadata;

import java.util.List;

/**
 * The metadata format versions a guest may ask for, as Nova lists them: EC2's dated versions
 * and OpenStack's (each adds to the one before). {@code latest} is the newest of each.
 */
public final class MetadataVersions {
  private MetadataVersions() {}

  public static final String LATEST = "latest";

  /** EC2 versions, oldest first. */
  public static final List<String> EC2 = List.of("1.0", "2007-01-19", "2007-03-01",
      "2007-08-29", "2007-10-10", "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04");

  /** Folsom: meta_data.json and user_data. */
  public static final String FOLSOM = "2012-08-10";
  /** Grizzly: password, random_seed. */
  public static final String GRIZZLY = "2013-04-04";
  /** Havana: vendor_data.json. */
  public static final String HAVANA = "2013-10-17";
  /** Liberty: network_data.json, project_id. */
  public static final String LIBERTY = "2015-10-15";
  /** Newton: devices. */
  public static final String NEWTON_ONE = "2016-06-30";
  /** Newton: vendor_data2.json. */
  public static final String NEWTON_TWO = "2016-10-06";
  public static final String OCATA = "2017-02-22";
  public static final String ROCKY = "2018-08-27";

  /** OpenStack versions, oldest first. */
  public static final List<String> OPENSTACK = List.of(FOLSOM, GRIZZLY, HAVANA, LIBERTY,
      NEWTON_ONE, NEWTON_TWO, OCATA, ROCKY);

  /** The EC2 versions a config drive carries (Nova skips the older ones by default). */
  public static final List<String> EC2_ON_CONFIG_DRIVE = List.of("2009-04-04", LATEST);

  /** The EC2 version a name stands for, or null when it is not one. */
  static String ec2(String name) {
    return name.equals(LATEST) ? EC2.get(EC2.size() - 1) : EC2.contains(name) ? name : null;
  }

  /** The OpenStack version a name stands for, or null when it is not one. */
  static String openstack(String name) {
    return name.equals(LATEST) ? OPENSTACK.get(OPENSTACK.size() - 1)
        : OPENSTACK.contains(name) ? name : null;
  }

  /** Whether EC2 version {@code v} is {@code since} or newer. */
  static boolean ec2AtLeast(String v, String since) {
    return EC2.indexOf(v) >= EC2.indexOf(since);
  }

  /** Whether OpenStack version {@code v} is {@code since} or newer. */
  static boolean atLeast(String v, String since) {
    return OPENSTACK.indexOf(v) >= OPENSTACK.indexOf(since);
  }
}
