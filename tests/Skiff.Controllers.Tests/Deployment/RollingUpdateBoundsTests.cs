using k8s.Models;
using Skiff.Controllers.Deployment;
using Skiff.Controllers.Tests.Infrastructure;

namespace Skiff.Controllers.Tests.Deployment;

public sealed class RollingUpdateBoundsTests
{
    [Theory]
    // 25% of 10 = 2.5: surge rounds up to 3, unavailable rounds down to 2.
    [InlineData("25%", "25%", 10, 3, 2)]
    // 25% of 4 = 1 exactly either way.
    [InlineData("25%", "25%", 4, 1, 1)]
    // 25% of 1 = 0.25: surge 1, unavailable 0.
    [InlineData("25%", "25%", 1, 1, 0)]
    // Absolute numbers are taken as they are.
    [InlineData("1", "1", 10, 1, 1)]
    [InlineData("3", "2", 10, 3, 2)]
    // 0 surge and 1% of 2 = 0.02 unavailable rounds to 0: both 0, so unavailable becomes 1.
    [InlineData("0", "1%", 2, 0, 1)]
    [InlineData("0%", "25%", 3, 0, 1)]
    // 100% of 3 surges 3.
    [InlineData("100%", "0", 3, 3, 0)]
    public void Resolves_surge_up_and_unavailable_down(string surge, string unavailable, int replicas, int expectedSurge, int expectedUnavailable)
    {
        var (maxSurge, maxUnavailable) = RollingUpdateBounds.Resolve((IntOrString)surge, (IntOrString)unavailable, replicas);

        Assert.Equal((expectedSurge, expectedUnavailable), (maxSurge, maxUnavailable));
    }

    [Fact]
    public void Max_unavailable_is_at_most_the_replicas_and_zero_when_scaled_to_zero()
    {
        Assert.Equal(2, RollingUpdateBounds.MaxUnavailable(Deployments.Deployment("ns", "web", 2, maxUnavailable: "5")));
        Assert.Equal(0, RollingUpdateBounds.MaxUnavailable(Deployments.Deployment("ns", "web", 0, maxUnavailable: "5")));
    }

    [Fact]
    public void Recreate_has_neither_surge_nor_unavailability()
    {
        var d = Deployments.Deployment("ns", "web", 10, strategy: "Recreate");

        Assert.Equal((0, 0), (RollingUpdateBounds.MaxSurge(d), RollingUpdateBounds.MaxUnavailable(d)));
    }
}
