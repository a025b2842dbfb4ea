using Kins.Core.Errors;
using Kins.Core.Model;
using Kins.Core.SuperEdge;

namespace Kins.Core.Tests.SuperEdge;

/// <summary>SITE-MANAGER.md, "Unit names": which names site-manager can act on at each level.</summary>
public sealed class NodeUnitNameRulesTests
{
    private static string Name(int length) => "a" + new string('b', length - 1);

    [Theory]
    [InlineData(AutonomyLevel.L3)]
    [InlineData(AutonomyLevel.L4)]
    [InlineData(AutonomyLevel.L5)]
    public void The_safe_form_passes_at_every_level(AutonomyLevel level)
    {
        Assert.Null(NodeUnitNameRules.Check("site-042", level));
        Assert.Null(NodeUnitNameRules.Check(Name(NodeUnitNameRules.SafeLength), level));
    }

    [Theory]
    [InlineData("1site", AutonomyLevel.L3, null)]
    [InlineData("1site", AutonomyLevel.L4, KinsErrorIds.NodeUnitNameNotPromotable)]
    [InlineData("site.east", AutonomyLevel.L3, null)]
    [InlineData("site.east", AutonomyLevel.L5, KinsErrorIds.NodeUnitNameNotPromotable)]
    [InlineData("Site", AutonomyLevel.L3, KinsErrorIds.InvalidNodeUnitName)]
    [InlineData("unit-node-all", AutonomyLevel.L3, null)]
    [InlineData("unit-node-all", AutonomyLevel.L4, KinsErrorIds.DefaultNodeUnitNotPromotable)]
    public void Names_that_can_be_units_but_never_promoted(string name, AutonomyLevel level, string? errorId) =>
        Assert.Equal(errorId, NodeUnitNameRules.Check(name, level)?.ErrorId);

    [Theory]
    [InlineData(63, AutonomyLevel.L3, null)]
    [InlineData(64, AutonomyLevel.L3, KinsErrorIds.NodeUnitNameTooLong)]
    [InlineData(46, AutonomyLevel.L4, KinsErrorIds.NodeUnitNameTooLongForL4)]
    [InlineData(47, AutonomyLevel.L4, KinsErrorIds.NodeUnitNameTooLongToPromote)]
    [InlineData(40, AutonomyLevel.L4, null)]
    [InlineData(41, AutonomyLevel.L4, KinsErrorIds.NodeUnitNameTooLongForL4)]
    [InlineData(36, AutonomyLevel.L5, KinsErrorIds.NodeUnitNameTooLongForL5)]
    [InlineData(35, AutonomyLevel.L5, null)]
    public void Length_limits_follow_the_derived_names(int length, AutonomyLevel level, string? errorId) =>
        Assert.Equal(errorId, NodeUnitNameRules.Check(Name(length), level)?.ErrorId);

    [Fact]
    public void The_limits_are_those_of_the_names_site_manager_derives()
    {
        // <unit>-server-kins-init is a Service name (63); StatefulSet pods get controller-revision-hash <sts>-<10 chars> (63).
        Assert.Equal(63, SuperEdgeNames.KinsInitService(Name(NodeUnitNameRules.MaxLengthToPromote)).Length);
        Assert.Equal(63, SuperEdgeNames.ServerStatefulSet(Name(NodeUnitNameRules.MaxLengthL4)).Length + 11);
        Assert.Equal(63, SuperEdgeNames.JoinStatefulSet(Name(NodeUnitNameRules.MaxLengthL5)).Length + 11);
    }

    [Fact]
    public void The_error_says_which_limit_and_what_to_do()
    {
        var error = NodeUnitNameRules.Check(Name(38), AutonomyLevel.L5)!.ToException("x");

        Assert.Equal(KinsErrorIds.NodeUnitNameTooLongForL5, error.ErrorId);
        Assert.Equal(KinsErrorCategory.InvalidArgument, error.Category);
        Assert.Contains("at most 35", error.Message, StringComparison.Ordinal);
        Assert.Contains("L4 works", error.Message, StringComparison.Ordinal);
        Assert.Contains("^[a-z]([-a-z0-9]*[a-z0-9])?$", error.RecommendedAction, StringComparison.Ordinal);
    }
}
