using Kins.Core.Model;

namespace Kins.Core.Tests;

public sealed class AutonomyLevelTests
{
    [Theory]
    [InlineData("L3", AutonomyLevel.L3)]
    [InlineData("L4", AutonomyLevel.L4)]
    [InlineData("l5", AutonomyLevel.L5)]
    [InlineData(" L4 ", AutonomyLevel.L4)]
    public void Parses_the_three_levels(string text, AutonomyLevel expected) =>
        Assert.Equal(expected, AutonomyLevels.Parse(text));

    [Theory]
    [InlineData("L6")]
    [InlineData("L")]
    [InlineData("4")]
    [InlineData("L44")]
    [InlineData("")]
    [InlineData(null)]
    public void Rejects_anything_else_with_a_message_that_lists_the_levels(string? text)
    {
        var error = Assert.Throws<FormatException>(() => AutonomyLevels.Parse(text));
        Assert.Contains("L3", error.Message, StringComparison.Ordinal);
        Assert.Contains("L5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absent_spec_field_means_the_default_L3_and_an_unknown_one_means_none()
    {
        Assert.Equal(AutonomyLevel.L3, AutonomyLevels.FromSpec(null));
        Assert.Null(AutonomyLevels.FromSpec("L9"));
    }

    // SITE-MANAGER.md, spec field autonomyLevel and flaw 16: site-manager compares exactly (kins.go:71-89).
    [Theory]
    [InlineData("l4")]
    [InlineData("L4 ")]
    [InlineData(" L4")]
    [InlineData("")]
    public void A_stored_level_counts_only_when_spelled_exactly(string stored) =>
        Assert.Null(AutonomyLevels.FromSpec(stored));

    [Fact]
    public void Server_counts_follow_the_sheet()
    {
        Assert.Equal(0, AutonomyLevel.L3.RequiredServerNodes());
        Assert.Equal(1, AutonomyLevel.L4.RequiredServerNodes());
        Assert.Equal(3, AutonomyLevel.L5.RequiredServerNodes());
        Assert.Equal("L4", AutonomyLevel.L4.ToSpecValue());
    }
}
