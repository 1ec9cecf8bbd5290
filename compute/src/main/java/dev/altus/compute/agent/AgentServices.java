package dev.altus.compute.agent;

import dev.altus.compute.ServersConfig;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.service.ServerGroupDirectory;
import dev.altus.compute.store.ComputeHostStore;
import dev.altus.compute.store.InstanceActionStore;
import dev.altus.compute.store.ServerMetadataStore;
import dev.altus.compute.store.ServerPortStore;
import dev.altus.compute.store.ServerStore;
import java.time.Clock;

/**
 * What a compute agent uses beside its driver: the controller's records of servers, hosts and
 * actions (in the all-in-one role the stores themselves; Nova's compute reaches them through the
 * conductor), the image and network services, the scheduler for reschedules, and the directory
 * the agents keep their hosts' base images in ({@code <instancesPath>/<host>/_base}), and the
 * maker of config drives (kept in {@code <instancesPath>/<host>/<server id>/}).
 */
public record AgentServices(ServerStore servers, ComputeHostStore hosts, ServerPortStore ports,
    ServerMetadataStore metadata, InstanceActionStore actions,
    dev.altus.compute.store.MigrationStore migrations, ImageClient images,
    NetworkClient networks, ServerGroupDirectory groups, Rescheduler rescheduler, Clock clock,
    ServersConfig config, String defaultZone, java.nio.file.Path instancesPath,
    dev.altus.compute.metadata.ConfigDrive configDrives) {}
