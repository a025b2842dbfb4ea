using k8s.Models;
using Kins.Core.Reconcile;

namespace Kins.Core.Tests.Reconcile;

/// <summary>Where site-manager puts a unit's K3s servers (SITE-MANAGER.md, install step 2) and what keeps a server off a node.</summary>
public sealed class ServerPlacementTests
{
    private static V1Node Node(string name, bool server = false, bool cordoned = false, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = server ? new Dictionary<string, string> { ["site.superedge.io/kins-role"] = "server" } : new Dictionary<string, string>(),
        },
        Spec = new V1NodeSpec { Unschedulable = cordoned ? true : null, Taints = taints.Length > 0 ? [.. taints] : null },
    };

    [Fact]
    public void Without_a_labelled_server_L4_takes_the_first_ready_node_by_name() =>
        Assert.Equal(["shop-a"], ServerPlacement.Predict([Node("shop-b"), Node("shop-a")], ["shop-b", "shop-a"], 1));

    [Fact]
    public void A_member_already_labelled_server_counts_first() =>
        Assert.Equal(["shop-c"], ServerPlacement.Predict([Node("shop-a"), Node("shop-c", server: true)], ["shop-a", "shop-c"], 1));

    [Fact]
    public void L5_adds_ready_nodes_to_the_labelled_server_skipping_it() =>
        Assert.Equal(["shop-b", "shop-a", "shop-c"],
            ServerPlacement.Predict([Node("shop-a"), Node("shop-b", server: true), Node("shop-c"), Node("shop-d")], ["shop-a", "shop-b", "shop-c", "shop-d"], 3));

    [Fact]
    public void A_cordoned_node_is_one_obstacle_with_or_without_its_unschedulable_taint() =>
        Assert.Equal(["it is cordoned"], ServerPlacement.Obstacles(Node("n", false, true, new V1Taint { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" })));

    [Fact]
    public void NoSchedule_and_NoExecute_taints_other_than_kins_are_obstacles_and_PreferNoSchedule_is_not()
    {
        var node = Node("n", taints:
        [
            new V1Taint { Key = "kins", Effect = "NoSchedule" },
            new V1Taint { Key = "example.com/dedicated", Value = "db", Effect = "NoSchedule" },
            new V1Taint { Key = "example.com/drain", Effect = "NoExecute" },
            new V1Taint { Key = "example.com/soft", Effect = "PreferNoSchedule" },
        ]);

        Assert.Equal(["it carries the taint example.com/dedicated=db:NoSchedule", "it carries the taint example.com/drain:NoExecute"], ServerPlacement.Obstacles(node));
    }

    [Fact]
    public void A_node_with_only_the_kins_taint_takes_the_server() =>
        Assert.Empty(ServerPlacement.Obstacles(Node("n", taints: new V1Taint { Key = "kins", Effect = "NoSchedule" })));
}
