using System.Globalization;

namespace Kins.Core.Bulk;

/// <summary>A batch at one moment, counted over the whole pipeline so far.</summary>
/// <param name="Received">Units handed to the batch.</param>
/// <param name="Queued">Not started yet (bounded by MaxConcurrentChanges).</param>
/// <param name="Writing">Started, doing or waiting for their API work.</param>
/// <param name="Waiting">Written, waiting for the cluster without holding an API slot.</param>
/// <param name="Succeeded">Finished successfully.</param>
/// <param name="Failed">Finished with an error.</param>
/// <param name="Skipped">Never started because the failure budget was spent.</param>
/// <param name="PeakWaiting">The most units waiting at once so far.</param>
/// <param name="PeakApiInFlight">The most API slots held at once so far.</param>
public sealed record BulkProgress(int Received, int Queued, int Writing, int Waiting, int Succeeded, int Failed, int Skipped, int PeakWaiting, int PeakApiInFlight)
{
    public int Finished => Succeeded + Failed + Skipped;

    public int PercentComplete => Received == 0 ? 0 : (int)(100L * Finished / Received);

    /// <summary>The progress bar's status line, e.g. "60 units: 12 writing, 40 waiting for L4 (Ready), 3 done, 1 failed, 4 queued".</summary>
    public string Describe(string waitingFor)
    {
        var parts = new List<string>();
        if (Writing > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Writing} writing"));
        }
        if (Waiting > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Waiting} waiting for {waitingFor}"));
        }
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Succeeded} done"));
        if (Failed > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Failed} failed"));
        }
        if (Skipped > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Skipped} skipped"));
        }
        if (Queued > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Queued} queued"));
        }
        return string.Create(CultureInfo.InvariantCulture, $"{Received} unit(s): {string.Join(", ", parts)}");
    }
}
