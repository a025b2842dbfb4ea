using Kins.Core.Bulk;
using Kins.Core.Errors;

namespace Kins.Core.Tests.Bulk;

public class UnitFailureReportTests
{
    private static BulkUnit Unit(string name, string server = "https://10.0.0.1:6443") => new(name, "prod", server);

    private static KinsException Unreachable(object? target = null) => new(KinsErrorIds.ClusterUnreachable, KinsErrorCategory.ConnectionError,
        "Cannot reach the Kubernetes API server of context 'prod' (https://10.0.0.1:6443): Connection refused", target)
    {
        RecommendedAction = "Check that the cluster is running.",
    };

    [Fact]
    public void A_unit_error_names_the_unit_and_its_context_and_targets_the_unit()
    {
        var report = new UnitFailureReport();
        var error = report.Describe(Unit("site-0001"), new KinsException(KinsErrorIds.InsufficientReadyNodes, KinsErrorCategory.InvalidOperation,
            "NodeUnit 'site-0001' has 0 ready node(s); L4 needs at least 1", "site-0001") { RecommendedAction = "Bring a node up." }, changed: false);

        Assert.Equal("NodeUnit 'site-0001' (context 'prod') has 0 ready node(s); L4 needs at least 1", error.Message);
        Assert.Equal("site-0001", error.Target);
        Assert.Equal(KinsErrorIds.InsufficientReadyNodes, error.ErrorId);
        Assert.Equal("Bring a node up.", error.RecommendedAction);
    }

    [Fact]
    public void An_error_that_does_not_name_the_unit_gets_it_in_front_and_as_target()
    {
        var error = new UnitFailureReport().Describe(Unit("site-0002"), new KinsException(KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ResourceUnavailable,
            "The Kubernetes API server answered 500 InternalServerError: boom"), changed: false);

        Assert.Equal("NodeUnit 'site-0002' (context 'prod'): The Kubernetes API server answered 500 InternalServerError: boom", error.Message);
        Assert.Equal("site-0002", error.Target);
    }

    [Fact]
    public void A_cluster_outage_is_explained_once_then_one_line_per_unit()
    {
        var report = new UnitFailureReport();

        var first = report.Describe(Unit("site-0001"), Unreachable(), changed: false);
        var second = report.Describe(Unit("site-0002"), Unreachable("site-0002"), changed: false);
        var third = report.Describe(Unit("site-0003"), Unreachable(), changed: true);

        Assert.StartsWith("NodeUnit 'site-0001' (context 'prod'): Cannot reach", first.Message, StringComparison.Ordinal);
        Assert.Equal("Check that the cluster is running.", first.RecommendedAction);
        Assert.Equal("NodeUnit 'site-0002' (context 'prod') failed: the cluster could not be reached, as for site-0001 (that error has the details).", second.Message);
        Assert.Null(second.RecommendedAction);
        Assert.StartsWith("NodeUnit 'site-0003' (context 'prod') failed: the cluster could not be reached, as for site-0001", third.Message, StringComparison.Ordinal);
        Assert.Contains("already been changed", third.Message, StringComparison.Ordinal);
        Assert.Equal(["site-0001", "site-0002", "site-0003"], new[] { first, second, third }.Select(e => e.Target));
        Assert.All(new[] { first, second, third }, e => Assert.Equal(KinsErrorIds.ClusterUnreachable, e.ErrorId));
    }

    [Fact]
    public void Another_cluster_with_the_same_context_name_gets_its_own_full_explanation()
    {
        var report = new UnitFailureReport();
        _ = report.Describe(Unit("site-0001"), Unreachable(), changed: false);

        var other = report.Describe(Unit("site-0001", "https://10.0.0.2:6443"), Unreachable(), changed: false);

        Assert.Contains("Cannot reach", other.Message, StringComparison.Ordinal);
    }
}
