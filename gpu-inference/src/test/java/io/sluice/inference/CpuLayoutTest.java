package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The layout rule is what its javadoc says. */
class CpuLayoutTest {

  @Test
  void ruleGivesOneActorWithAllCoresAndSharedHostsOneSingleThreadActorPerCoreWhileTheModelsFit() {
    assertThat(CpuLayout.rule(1)).isEqualTo(new CpuLayout(1, 1, false));
    assertThat(CpuLayout.rule(2)).isEqualTo(CpuLayout.oneActor(2));
    long mb = 1L << 20;
    assertThat(CpuLayout.sharedHost(16, 90 * mb, 64L << 30)).isEqualTo(CpuLayout.actorPerCore(16));
    // 90 MB fp32 MiniLM, 1 GiB: 512 MiB / 270 MiB per actor -> 1 actor with all 16 cores
    assertThat(CpuLayout.sharedHost(16, 90 * mb, 1L << 30)).isEqualTo(CpuLayout.oneActor(16));
    assertThat(CpuLayout.sharedHost(16, 90 * mb, 2L << 30)).isEqualTo(new CpuLayout(3, 5, false));
    assertThat(CpuLayout.oneActor(2).flipped()).isEqualTo(CpuLayout.actorPerCore(2));
    assertThat(CpuLayout.rule(8).compute(2048).batchSize()).isEqualTo(2048);
    assertThat(CpuLayout.oneActor(4).apply(MiniLm.embedder(MiniLm.INT8)).intraOpThreads())
        .isEqualTo(4);
  }
}
