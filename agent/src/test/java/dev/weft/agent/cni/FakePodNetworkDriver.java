package dev.weft.agent.cni;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link PodNetworkDriver} that can be told to fail, for handler logic tests. */
final class FakePodNetworkDriver implements PodNetworkDriver {
    final Map<String, Attachment> wired = new ConcurrentHashMap<>();
    final AtomicInteger adds = new AtomicInteger();
    final AtomicInteger dels = new AtomicInteger();
    volatile RuntimeException failAdd;
    volatile RuntimeException failDel;

    private static String key(String cid, String ifName) {
        return cid + "/" + ifName;
    }

    @Override
    public Attachment add(AttachmentRequest r) {
        adds.incrementAndGet();
        if (failAdd != null) {
            throw failAdd;
        }
        Attachment a = new Attachment(RoutedPodNetworkDriver.hostIfName(r.containerId(), r.ifName()), "ee:ee:ee:ee:ee:ee",
                r.ifName(), "02:00:00:00:00:01", r.mtu(), r.netns().toString(), r.addresses(),
                java.util.List.of(new Attachment.Route(dev.weft.common.net.IpPrefix.parse("0.0.0.0/0"),
                        RoutedPodNetworkDriver.GATEWAY)));
        if (wired.putIfAbsent(key(r.containerId(), r.ifName()), a) != null) {
            throw new PodNetworkException("interface " + r.ifName() + " already exists");
        }
        return a;
    }

    @Override
    public Optional<Attachment> find(AttachmentRequest r) {
        return Optional.ofNullable(wired.get(key(r.containerId(), r.ifName())))
                .filter(a -> a.addresses().equals(r.addresses()));
    }

    @Override
    public void del(String containerId, String ifName, Optional<Path> netns) {
        dels.incrementAndGet();
        if (failDel != null) {
            throw failDel;
        }
        wired.remove(key(containerId, ifName));
    }

    @Override
    public void check(AttachmentRequest r) {
        if (find(r).isEmpty()) {
            throw new PodNetworkException("host interface " + RoutedPodNetworkDriver.hostIfName(r.containerId(), r.ifName())
                    + " is missing");
        }
    }
}
