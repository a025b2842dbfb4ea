using Kins.Core.Output;

namespace Kins.Core.Tests;

public sealed class KubeDurationTests
{
    [Theory]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(150, "2m30s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 5 * 60, "3h5m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(100 * 86400, "100d")]
    public void Matches_kubectl_age_column(long seconds, string expected) =>
        Assert.Equal(expected, KubeDuration.Humanize(TimeSpan.FromSeconds(seconds)));
}
