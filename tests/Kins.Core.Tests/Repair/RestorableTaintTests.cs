using k8s.Models;
using Kins.Core.Errors;
using Kins.Core.Repair;

namespace Kins.Core.Tests.Repair;

public sealed class RestorableTaintTests
{
    [Theory]
    [InlineData("dedicated=shop:NoSchedule", "dedicated", "shop")]
    [InlineData("example.com/dedicated:NoSchedule", "example.com/dedicated", null)]
    [InlineData("example.com/dedicated=:noschedule", "example.com/dedicated", null)]
    public void Parses_what_kubectl_taint_writes(string text, string key, string? value)
    {
        var taint = RestorableTaint.Parse(text);
        Assert.Equal(new NodeTaint(key, value, "NoSchedule"), taint);
    }

    [Fact]
    public void Writes_a_taint_back_as_kubectl_does() =>
        Assert.Equal("dedicated=shop:NoSchedule", RestorableTaint.Parse("dedicated=shop:NoSchedule").ToString());

    [Theory]
    [InlineData("dedicated=shop", "key[=value]:NoSchedule")]
    [InlineData("dedicated=shop:NoExecute", "strips only NoSchedule")]
    [InlineData("dedicated:PreferNoSchedule", "strips only NoSchedule")]
    [InlineData("kins:NoSchedule", "site-manager's own")]
    [InlineData("node.kubernetes.io/unreachable:NoSchedule", "Kubernetes' own controllers")]
    [InlineData("node-role.kubernetes.io/control-plane:NoSchedule", "Kubernetes' own controllers")]
    [InlineData("-bad:NoSchedule", "not a valid taint key")]
    [InlineData("dedicated=a value:NoSchedule", "not a valid taint value")]
    public void Refuses_what_the_L3_filter_cannot_have_stripped(string text, string why)
    {
        var error = Assert.Throws<KinsException>(() => RestorableTaint.Parse(text));
        Assert.Equal(KinsErrorIds.InvalidTaint, error.ErrorId);
        Assert.Equal(KinsErrorCategory.InvalidArgument, error.Category);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("node.kubernetes.io/not-ready", true)]
    [InlineData("kubernetes.io/arch", true)]
    [InlineData("node.cloudprovider.kubernetes.io/uninitialized", true)]
    [InlineData("example.k8s.io/x", true)]
    [InlineData("example.com/kubernetes.io", false)]
    [InlineData("dedicated", false)]
    public void Knows_the_keys_Kubernetes_owns(string key, bool owned) =>
        Assert.Equal(owned, RestorableTaint.IsKubernetesOwned(key));

    [Fact]
    public void Classifies_a_node_by_the_key_and_effect_the_API_keeps_unique()
    {
        var wanted = new V1Taint { Key = "dedicated", Value = "shop", Effect = "NoSchedule" };
        Assert.Equal(TaintOnNode.Missing, TaintRestorer.Classify("n", [new V1Taint { Key = "dedicated", Value = "shop", Effect = "NoExecute" }], wanted).State);
        Assert.Equal(TaintOnNode.Present, TaintRestorer.Classify("n", [new V1Taint { Key = "dedicated", Value = "shop", Effect = "NoSchedule" }], wanted).State);
        var other = TaintRestorer.Classify("n", [new V1Taint { Key = "dedicated", Value = "till", Effect = "NoSchedule" }], wanted);
        Assert.Equal(TaintOnNode.OtherValue, other.State);
        Assert.Equal("dedicated=till:NoSchedule", other.Current);
    }
}
