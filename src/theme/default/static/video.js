// Video facades (the `video` shortcode): the host's player is loaded only when the reader
// activates the play button, so no request reaches the video host before that choice.
// Without JavaScript the facade is a plain link to the video on the host's site; with it, the
// link becomes a real button (Enter and Space both press it) that swaps in the player.
(function () {
  if (window.vertebraVideo) return;
  window.vertebraVideo = true;

  function play(frame) {
    var player = document.createElement('iframe');
    player.src = frame.getAttribute('data-video-embed');
    player.title = frame.getAttribute('data-video-title');
    player.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
    player.allowFullscreen = true;
    frame.replaceChildren(player);
    player.focus();
  }

  function upgrade() {
    var links = document.querySelectorAll('a[data-video-play]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var button = document.createElement('button');
      button.type = 'button';
      button.className = link.className;
      button.setAttribute('data-video-play', '');
      while (link.firstChild) button.appendChild(link.firstChild);
      link.replaceWith(button);
    }
  }

  document.addEventListener('click', function (event) {
    var control = event.target.closest && event.target.closest('[data-video-play]');
    var frame = control && control.closest('[data-video-embed]');
    if (!frame) return;
    event.preventDefault();
    play(frame);
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', upgrade);
  } else {
    upgrade();
  }
})();
