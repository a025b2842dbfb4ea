using System.Management.Automation;
using Kins.Core.Model;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Binds a TimeSpan parameter the way operators type durations: a bare number is seconds (PowerShell's own conversion
/// would read 600 as 600 ticks), "90s"/"5m"/"1h30m" or a TimeSpan; negative, zero (unless allowed) and more than
/// 24 hours are refused at binding, before anything is sent.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationArgumentAttribute : ArgumentTransformationAttribute
{
    public DurationArgumentAttribute(string parameterName) => ParameterName = parameterName;

    public string ParameterName { get; }

    /// <summary>Zero is meaningful (e.g. a delay); for timeouts it is not.</summary>
    public bool AllowZero { get; set; }

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return DurationText.TryConvert(value, ParameterName, AllowZero, out var duration, out var error)
            ? duration
            : throw new ArgumentTransformationMetadataException(error);
    }
}
