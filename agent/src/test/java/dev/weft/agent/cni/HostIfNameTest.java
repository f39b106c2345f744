package dev.weft.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostIfNameTest {
    @Test
    void isWftPlusElevenHexOfSha256OfTheContainerId() {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertThat(RoutedPodNetworkDriver.hostIfName("abc", "eth0")).isEqualTo("wftba7816bf8f0");
        String longId = "k8s.io-" + "f".repeat(64);
        assertThat(RoutedPodNetworkDriver.hostIfName(longId, "eth0")).hasSize(14).matches("wft[0-9a-f]{11}");
    }

    @Test
    void otherInterfacesOfTheSameContainerGetTheirOwnName() {
        assertThat(RoutedPodNetworkDriver.hostIfName("abc", "net1"))
                .isNotEqualTo(RoutedPodNetworkDriver.hostIfName("abc", "eth0"))
                .isEqualTo(RoutedPodNetworkDriver.hostIfName("abc", "net1"));
    }
}
