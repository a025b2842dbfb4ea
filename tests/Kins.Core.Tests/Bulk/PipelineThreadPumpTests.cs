using Kins.Core.Bulk;

namespace Kins.Core.Tests.Bulk;

public class PipelineThreadPumpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Continuations_run_on_the_thread_that_called_Run()
    {
        var pipelineThread = Environment.CurrentManagedThreadId;
        var threads = new List<int>();
        PipelineThreadPump.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await Task.Run(() => { });
                threads.Add(Environment.CurrentManagedThreadId);
            }
        });
        Assert.Equal(Enumerable.Repeat(pipelineThread, 5), threads);
    }

    [Fact]
    public async Task A_continuation_posted_after_Run_ended_runs_on_the_thread_pool_instead_of_failing()
    {
        SynchronizationContext? pump = null;
        PipelineThreadPump.Run(() =>
        {
            pump = SynchronizationContext.Current;
            return Task.CompletedTask;
        });
        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        pump!.Post(_ => ran.SetResult(Thread.CurrentThread.IsThreadPoolThread), null);

        Assert.True(await ran.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_late_continuation_of_work_left_running_still_runs()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var continued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        PipelineThreadPump.Run(() =>
        {
            _ = ContinueLaterAsync();
            return Task.CompletedTask;

            async Task ContinueLaterAsync()
            {
                await release.Task.ConfigureAwait(true);
                continued.SetResult();
            }
        });

        release.SetResult();

        await continued.Task.WaitAsync(Patience);
    }

    [Fact]
    public void The_work_s_failure_comes_out_of_Run_unchanged()
    {
        var error = Assert.Throws<TimeoutException>(() => PipelineThreadPump.Run(async () =>
        {
            await Task.Yield();
            throw new TimeoutException("late");
        }));
        Assert.Equal("late", error.Message);
    }

    [Fact]
    public void Run_restores_the_previous_synchronization_context()
    {
        var before = SynchronizationContext.Current;
        PipelineThreadPump.Run(() => Task.CompletedTask);
        Assert.Same(before, SynchronizationContext.Current);
    }
}
