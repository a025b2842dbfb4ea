using System.Management.Automation;
using Kins.Core.Errors;

namespace Kins.PowerShell.Infrastructure;

/// <summary>Turns Kins.Core's failures into ErrorRecords with a stable id, a category and the target object.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(KinsException exception)
    {
        var record = new ErrorRecord(exception, exception.ErrorId, Map(exception.Category), exception.Target);
        if (exception.RecommendedAction is { } action)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
        }
        return record;
    }

    public static ErrorCategory Map(KinsErrorCategory category) => category switch
    {
        KinsErrorCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        KinsErrorCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        KinsErrorCategory.InvalidData => ErrorCategory.InvalidData,
        KinsErrorCategory.InvalidOperation => ErrorCategory.InvalidOperation,
        KinsErrorCategory.PermissionDenied => ErrorCategory.PermissionDenied,
        KinsErrorCategory.ResourceExists => ErrorCategory.ResourceExists,
        KinsErrorCategory.ResourceBusy => ErrorCategory.ResourceBusy,
        KinsErrorCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        KinsErrorCategory.ConnectionError => ErrorCategory.ConnectionError,
        KinsErrorCategory.OperationTimeout => ErrorCategory.OperationTimeout,
        KinsErrorCategory.OperationStopped => ErrorCategory.OperationStopped,
        KinsErrorCategory.NotImplemented => ErrorCategory.NotImplemented,
        KinsErrorCategory.NotInstalled => ErrorCategory.NotInstalled,
        KinsErrorCategory.AuthenticationError => ErrorCategory.AuthenticationError,
        KinsErrorCategory.WriteError => ErrorCategory.WriteError,
        KinsErrorCategory.InvalidResult => ErrorCategory.InvalidResult,
        _ => ErrorCategory.NotSpecified,
    };

    public static KinsException NotImplemented(string cmdlet) => new(
        KinsErrorIds.NotImplemented, KinsErrorCategory.NotImplemented,
        $"{cmdlet} is not implemented yet in this build of Kins.");
}
