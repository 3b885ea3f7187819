// Video facades (the `video` shortcode): the host's player is loaded only when the reader
// activates the play link, so no request reaches the video host before that choice.
(function () {
  if (window.vertebraVideo) return;
  window.vertebraVideo = true;
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('[data-video-play]');
    var frame = link && link.closest('[data-video-embed]');
    if (!frame) return;
    event.preventDefault();
    var player = document.createElement('iframe');
    player.src = frame.getAttribute('data-video-embed');
    player.title = frame.getAttribute('data-video-title');
    player.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
    player.allowFullscreen = true;
    frame.replaceChildren(player);
    player.focus();
  });
})();
